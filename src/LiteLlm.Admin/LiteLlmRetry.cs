using Polly;
using Polly.Retry;

namespace LiteLlm.Admin;

/// <summary>What a retry hook is told.</summary>
/// <param name="Attempt">The attempt that failed (0 = the first try).</param>
/// <param name="Delay">How long the next attempt waits.</param>
/// <param name="Failure">Why the attempt failed.</param>
public readonly record struct RetryInfo(int Attempt, TimeSpan Delay, Exception Failure);

/// <summary>
/// Backoff arithmetic of the client's retries: exponential backoff with full jitter, a cap on each
/// delay, and the server's Retry-After when it sends one. The client's own retry loop (see
/// <see cref="RetrySettings"/>) uses <see cref="ComputeDelay"/>; <see cref="Create"/> builds a Polly
/// pipeline with the same delays for callers that still run a loop of their own (the bulk write
/// methods of <see cref="Users.UsersClient"/> make that unnecessary for user writes: a loop around
/// them multiplies the attempts).
/// </summary>
public static class LiteLlmRetry
{
    /// <summary>Builds a retry pipeline.</summary>
    /// <param name="settings">Attempts and delays.</param>
    /// <param name="shouldRetry">Which failures are retried.</param>
    /// <param name="onRetry">Called before each wait (statistics, logging).</param>
    public static ResiliencePipeline Create(RetrySettings settings, Func<Exception, bool> shouldRetry, Action<RetryInfo>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(shouldRetry);
        if (settings.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && shouldRetry(e)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    ComputeDelay(settings, args.AttemptNumber, (args.Outcome.Exception as LiteLlmRequestFailedException)?.RetryAfter)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(new RetryInfo(args.AttemptNumber, args.RetryDelay, args.Outcome.Exception!));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> + 1: the server's Retry-After when
    /// given (capped), else a uniformly random delay in [0, min(cap, base × 2^attempt)] ("full jitter").
    /// </summary>
    public static TimeSpan ComputeDelay(RetrySettings settings, int attempt, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (retryAfter is { } after)
        {
            return after < TimeSpan.Zero ? TimeSpan.Zero : Min(after, settings.MaxDelay);
        }

        var exponential = settings.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = Math.Min(exponential, settings.MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
