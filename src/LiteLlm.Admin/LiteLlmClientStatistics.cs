using System.Collections.Concurrent;

namespace LiteLlm.Admin;

/// <summary>Counters of what a client sent and saw (thread-safe; read at any time).</summary>
public sealed class LiteLlmClientStatistics
{
    private readonly ConcurrentDictionary<string, long> _byRoute = new(StringComparer.Ordinal);
    private long _requests;
    private long _retries;
    private long _tooManyRequests;
    private long _failures;

    /// <summary>HTTP requests sent (every attempt counts).</summary>
    public long RequestsSent => Interlocked.Read(ref _requests);

    /// <summary>Attempts that were repeated after a transient failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>429 answers seen.</summary>
    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    /// <summary>Attempts that failed (HTTP error or network failure).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Requests sent per "METHOD /path".</summary>
    public IReadOnlyDictionary<string, long> RequestsByRoute => new Dictionary<string, long>(_byRoute, StringComparer.Ordinal);

    internal void OnSent(string method, string path)
    {
        Interlocked.Increment(ref _requests);
        _byRoute.AddOrUpdate(method + " " + path, 1, static (_, n) => n + 1);
    }

    internal void OnRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Counts a retry made by a caller's own pipeline (e.g. a re-checked delete).</summary>
    public void RecordRetry() => OnRetry();

    internal void OnFailure(int? status)
    {
        Interlocked.Increment(ref _failures);
        if (status == 429)
        {
            Interlocked.Increment(ref _tooManyRequests);
        }
    }
}
