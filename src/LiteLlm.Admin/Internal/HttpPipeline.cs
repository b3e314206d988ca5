using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading.RateLimiting;
using LiteLlm.Admin.Security;
using Microsoft.Extensions.Logging;

namespace LiteLlm.Admin.Internal;

/// <summary>Whether a request may be repeated without checking state first.</summary>
internal enum RequestKind
{
    /// <summary>Reads: retried on any transient failure.</summary>
    Read,

    /// <summary>Changes: retried only when the server certainly did not act (429, never sent).</summary>
    Mutation,
}

/// <summary>A buffered response.</summary>
internal sealed record RawResponse(int Status, string? ContentType, byte[] Body, TimeSpan Elapsed);

/// <summary>
/// The one send path: every request goes through <see cref="SendAsync"/>, which sets the bearer
/// key, User-Agent and audit header, applies the shared concurrency and rate limits, the
/// per-attempt timeout and the retry policy, logs with the key redacted, and maps failures to
/// <see cref="LiteLlmRequestFailedException"/>.
/// </summary>
internal sealed class HttpPipeline : IDisposable
{
    private const int LogBodyLength = 500;

    private readonly HttpClient _http;
    private readonly bool _ownsHandler;
    private readonly HttpMessageHandler _handler;
    private readonly Uri _baseAddress;
    private readonly string _baseText;
    private readonly string _masterKey;
    private readonly LiteLlmAdminClientOptions _options;
    private readonly ILogger? _logger;
    private readonly RateLimiter? _concurrency;
    private readonly RateLimiter? _rate;

    public HttpPipeline(Uri baseAddress, string masterKey, LiteLlmAdminClientOptions options)
    {
        _baseAddress = baseAddress;
        // Keep any path prefix of the base URL (a proxy mounted under /litellm, say).
        _baseText = baseAddress.AbsoluteUri.TrimEnd('/');
        _masterKey = masterKey;
        _options = options;
        _logger = options.Logger;
        Redactor = new SecretRedactor([masterKey, .. options.AdditionalSecrets]);
        _ownsHandler = options.Handler is null;
        _handler = options.Handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(options.MaxConcurrentRequests ?? 64, 1),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.Timeout,
        };
        _http = new HttpClient(_handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        if (options.MaxConcurrentRequests is { } max)
        {
            _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, max),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        if (options.MaxRequestsPerSecond is { } rps && rps > 0)
        {
            _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / rps),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    public SecretRedactor Redactor { get; }

    public LiteLlmClientStatistics Statistics { get; } = new();

    public Uri BaseAddress => _baseAddress;

    public RetrySettings RetrySettings => _options.Retry;

    /// <summary>A fresh retry budget for one logical request.</summary>
    public RetryBudget NewBudget() => new(_options.Retry);

    /// <summary>
    /// Sends a request, retrying within <paramref name="budget"/> (a fresh one when null): a read on
    /// any transient failure; a change only when the server certainly did not act on it (429, or
    /// never sent). Failures that no retry can fix (no database, 401, 403) are never retried.
    /// </summary>
    public async Task<RawResponse> SendAsync(
        HttpMethod method,
        string path,
        string? query,
        byte[]? jsonBody,
        RequestKind kind,
        CancellationToken cancellationToken,
        bool throwOnError = true,
        RetryBudget? budget = null)
    {
        budget ??= NewBudget();
        while (true)
        {
            try
            {
                return await SendOnceAsync(method, path, query, jsonBody, throwOnError, cancellationToken).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure) when (ShouldRetry(kind, failure) && budget.TryTake(failure) is { } delay)
            {
                OnRetry(new RetryInfo(budget.Taken - 1, delay, failure));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool ShouldRetry(RequestKind kind, LiteLlmRequestFailedException failure) =>
        !failure.IsNoDatabase
        && (kind == RequestKind.Read
            ? failure.IsTransient
            : failure.RequestNeverSent || failure.Status == 429);

    private async Task<RawResponse> SendOnceAsync(HttpMethod method, string path, string? query, byte[]? jsonBody, bool throwOnError, CancellationToken cancellationToken)
    {
        using var concurrencyLease = await AcquireAsync(_concurrency, cancellationToken).ConfigureAwait(false);
        using var rateLease = await AcquireAsync(_rate, cancellationToken).ConfigureAwait(false);

        var pathAndQuery = string.IsNullOrEmpty(query) ? path : path + "?" + query;
        var shownPath = Redactor.Redact(pathAndQuery);
        using var request = new HttpRequestMessage(method, new Uri(_baseText + pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _masterKey);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        if (!string.IsNullOrEmpty(_options.ChangedBy))
        {
            request.Headers.TryAddWithoutValidation("litellm-changed-by", _options.ChangedBy);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        LogRequest(method.Method, shownPath, jsonBody);
        Statistics.OnSent(method.Method, path);
        var stopwatch = Stopwatch.StartNew();
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCts.CancelAfter(_options.Timeout);
        RawResponse raw;
        TimeSpan? retryAfter;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(attemptCts.Token).ConfigureAwait(false);
            raw = new RawResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, stopwatch.Elapsed);
            retryAfter = ReadRetryAfter(response.Headers.RetryAfter);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw NetworkFailure(method.Method, shownPath, LiteLlmFailureKind.Timeout, $"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex, stopwatch.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            throw NetworkFailure(method.Method, shownPath, Classify(ex), Describe(ex), ex, stopwatch.Elapsed);
        }
        catch (IOException ex)
        {
            throw NetworkFailure(method.Method, shownPath, LiteLlmFailureKind.ConnectionLost, ex.Message, ex, stopwatch.Elapsed);
        }

        LogResponse(method.Method, shownPath, raw);
        if (throwOnError && raw.Status is < 200 or > 299)
        {
            Statistics.OnFailure(raw.Status);
            throw ErrorParser.FromResponse(method.Method, pathAndQuery, raw.Status, raw.ContentType, raw.Body, retryAfter, Redactor);
        }

        return raw;
    }

    private static async ValueTask<RateLimitLease?> AcquireAsync(RateLimiter? limiter, CancellationToken cancellationToken) =>
        limiter is null ? null : await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);

    private LiteLlmRequestFailedException NetworkFailure(string method, string shownPath, LiteLlmFailureKind kind, string detail, Exception inner, TimeSpan elapsed)
    {
        Statistics.OnFailure(null);
        var what = kind switch
        {
            LiteLlmFailureKind.ConnectionRefused => "Connection refused",
            LiteLlmFailureKind.NameResolution => "Host name could not be resolved",
            LiteLlmFailureKind.Timeout => "Timed out",
            LiteLlmFailureKind.ConnectionLost => "Connection lost",
            _ => "Network error",
        };
        var message = Redactor.Redact($"{method} {shownPath} failed: {what} ({_baseAddress.GetLeftPart(UriPartial.Authority)}): {detail}");
        _logger?.LogDebug("<- {Method} {Path} failed after {Ms} ms: {Message}", method, shownPath, (int)elapsed.TotalMilliseconds, message);
        return new LiteLlmRequestFailedException(message, kind, method, shownPath, innerException: inner);
    }

    internal static LiteLlmFailureKind Classify(HttpRequestException ex)
    {
        var socket = FindInner<SocketException>(ex);
        if (socket is not null)
        {
            switch (socket.SocketErrorCode)
            {
                case SocketError.ConnectionRefused:
                    return LiteLlmFailureKind.ConnectionRefused;
                case SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData:
                    return LiteLlmFailureKind.NameResolution;
                case SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown:
                    return LiteLlmFailureKind.ConnectionLost;
                default:
                    break;
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => LiteLlmFailureKind.NameResolution,
            HttpRequestError.ResponseEnded => LiteLlmFailureKind.ConnectionLost,
            HttpRequestError.ConnectionError => LiteLlmFailureKind.ConnectionLost,
            _ => FindInner<IOException>(ex) is not null ? LiteLlmFailureKind.ConnectionLost : LiteLlmFailureKind.Network,
        };
    }

    private static string Describe(HttpRequestException ex)
    {
        var innermost = (Exception)ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, ex) ? ex.Message : $"{ex.Message} ({innermost.Message})";
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Counts and logs a retry (also the resends of the bulk write loops).</summary>
    public void OnRetry(RetryInfo info)
    {
        Statistics.OnRetry();
        _logger?.LogDebug(
            "retry {Attempt} in {Delay} ms after: {Failure}",
            info.Attempt + 1,
            (int)info.Delay.TotalMilliseconds,
            Redactor.Redact(info.Failure.Message));
    }

    private void LogRequest(string method, string shownPath, byte[]? body)
    {
        if (_logger is null || !_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var bodyText = body is null ? string.Empty : " body: " + Redactor.Redact(Truncate(SecretRedactor.RedactSecretFields(Encoding.UTF8.GetString(body))));
        _logger.LogDebug("-> {Method} {Path} (Authorization: Bearer {Key}){Body}", method, shownPath, SecretRedactor.Placeholder, bodyText);
    }

    private void LogResponse(string method, string shownPath, RawResponse raw)
    {
        if (_logger is null || !_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        _logger.LogDebug(
            "<- {Status} {Method} {Path} in {Ms} ms, {Bytes} bytes: {Body}",
            raw.Status,
            method,
            shownPath,
            (int)raw.Elapsed.TotalMilliseconds,
            raw.Body.Length,
            Redactor.Redact(Truncate(SecretRedactor.RedactSecretFields(Encoding.UTF8.GetString(raw.Body)))));
    }

    private static string Truncate(string text) => text.Length > LogBodyLength ? text[..LogBodyLength] + "..." : text;

    public void Dispose()
    {
        _http.Dispose();
        if (_ownsHandler)
        {
            _handler.Dispose();
        }

        _concurrency?.Dispose();
        _rate?.Dispose();
    }
}
