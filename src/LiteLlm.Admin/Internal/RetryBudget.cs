namespace LiteLlm.Admin.Internal;

/// <summary>
/// The retries one logical request may still spend. Every retry of the client draws from one
/// budget: the send path's own retries of a read or of a change the server certainly did not act
/// on, and the resends of the bulk write loops (after a re-check) together with their re-check
/// reads. So <see cref="RetrySettings.MaxRetries"/> = N means at most N + 1 attempts of any request,
/// whatever fails.
/// </summary>
/// <remarks>
/// The timeout rule: a timeout is retried at most once per budget. A server that accepts
/// connections and never answers therefore ends a request after two timeouts (with the default
/// 30 s timeout and 5 retries: 2 × 30 s plus one backoff of at most 0.5 s, well within 90 s), and
/// the other retries stay for failures that do answer (429, 503, a dropped connection).
/// </remarks>
internal sealed class RetryBudget
{
    /// <summary>Timeouts a budget retries: one, so two timeouts end the request.</summary>
    public const int TimeoutRetries = 1;

    private readonly Lock _gate = new();
    private int _retriesLeft;
    private int _timeoutRetriesLeft = TimeoutRetries;
    private int _taken;

    public RetryBudget(RetrySettings settings)
    {
        Settings = settings;
        _retriesLeft = Math.Max(0, settings.MaxRetries);
    }

    public RetrySettings Settings { get; }

    /// <summary>Retries taken so far.</summary>
    public int Taken
    {
        get
        {
            lock (_gate)
            {
                return _taken;
            }
        }
    }

    /// <summary>
    /// Takes one retry for <paramref name="failure"/> when the budget allows it, and returns the wait
    /// before the next attempt; null when the budget is spent (or, for a timeout, its one timeout retry is).
    /// </summary>
    public TimeSpan? TryTake(Exception failure)
    {
        lock (_gate)
        {
            if (_retriesLeft <= 0)
            {
                return null;
            }

            var timeout = failure is LiteLlmRequestFailedException { Kind: LiteLlmFailureKind.Timeout };
            if (timeout)
            {
                if (_timeoutRetriesLeft <= 0)
                {
                    return null;
                }

                _timeoutRetriesLeft--;
            }

            _retriesLeft--;
            var attempt = _taken++;
            return LiteLlmRetry.ComputeDelay(Settings, attempt, (failure as LiteLlmRequestFailedException)?.RetryAfter);
        }
    }
}
