namespace LiteLlm.Sandbox;

/// <summary>
/// The server's "slots": at most N holders at once, waiters served strictly first-in first-out.
/// Also counts concurrent holders so tests can prove the cap without timing.
/// </summary>
internal sealed class SlotGate
{
    private readonly Lock _gate = new();
    private readonly int? _capacity;
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _holders;
    private int _peak;

    public SlotGate(int? capacity)
    {
        if (capacity is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "MaxConcurrentRequests must be at least 1.");
        }

        _capacity = capacity;
    }

    public int Current => Volatile.Read(ref _holders);

    public int Peak => Volatile.Read(ref _peak);

    public void ResetPeak()
    {
        lock (_gate)
        {
            _peak = _holders;
        }
    }

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_capacity is null || (_holders < _capacity && _waiters.Count == 0))
            {
                Acquired();
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _holders--;
            while (_waiters.TryDequeue(out var next))
            {
                Acquired();
                if (next.TrySetResult())
                {
                    return;
                }

                _holders--;
            }
        }
    }

    private void Acquired()
    {
        _holders++;
        if (_holders > _peak)
        {
            _peak = _holders;
        }
    }
}
