using LiteLlm.Admin;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// Runs a job's changes a few at a time and stops starting new ones at Ctrl+C or at the first
/// failure that ends the run (a <see cref="RunAbortedException"/>: key rejected, no permission, no
/// server, no backup), which it keeps in <see cref="Fatal"/>. Once halted it starts nothing more,
/// in this or any later phase. Work in flight is finished; work abandoned at the abort token stays
/// undone (its journal intent tells a rerun what to re-check).
/// </summary>
internal sealed class RunScheduler : IDisposable
{
    private readonly CancellationTokenSource _halt = new();
    private readonly int _concurrency;
    private LiteLlmRequestFailedException? _fatal;
    private RunAbortedException? _aborted;

    /// <summary>Creates a scheduler running at most <paramref name="concurrency"/> items at once.</summary>
    public RunScheduler(int concurrency) => _concurrency = Math.Max(1, concurrency);

    /// <summary>The failure that ended the run, or null.</summary>
    public LiteLlmRequestFailedException? Fatal => Volatile.Read(ref _fatal);

    /// <summary>The abort that carried <see cref="Fatal"/> (its <see cref="RunAbortedException.LocalReason"/> for a failure on this machine), or null.</summary>
    public RunAbortedException? Aborted => Volatile.Read(ref _aborted);

    /// <summary>Runs <paramref name="body"/> for each item until all are done, Ctrl+C (<paramref name="stop"/>) or a fatal failure.</summary>
    /// <param name="items">The work.</param>
    /// <param name="body">One item's work; pass <paramref name="abort"/> to its requests.</param>
    /// <param name="stop">Ctrl+C: start nothing new.</param>
    /// <param name="abort">Give up on work in flight.</param>
    public async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(body);
        using var scheduling = CancellationTokenSource.CreateLinkedTokenSource(stop, _halt.Token);
        try
        {
            await Parallel.ForEachAsync(
                items,
                new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = scheduling.Token },
                async (item, _) =>
                {
                    try
                    {
                        await body(item).ConfigureAwait(false);
                    }
                    catch (RunAbortedException aborted)
                    {
                        if (Interlocked.CompareExchange(ref _fatal, aborted.Failure, null) is null)
                        {
                            Volatile.Write(ref _aborted, aborted);
                        }

                        await _halt.CancelAsync().ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (abort.IsCancellationRequested)
                    {
                        // Abandoned after the grace period: the item stays undone; the journal has the intent.
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (scheduling.IsCancellationRequested)
        {
            // Ctrl+C or a fatal failure: items not started get the run's reason at the end.
        }
    }

    /// <summary>Ends the run for a failure met outside <see cref="ForEachAsync"/>: it is kept in <see cref="Fatal"/> and nothing more starts.</summary>
    public async Task HaltAsync(LiteLlmRequestFailedException failure)
    {
        Interlocked.CompareExchange(ref _fatal, failure, null);
        await _halt.CancelAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _halt.Dispose();
}
