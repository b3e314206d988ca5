using System.Net;

namespace LiteLlm.Admin;

/// <summary>How a request failed.</summary>
public enum LiteLlmFailureKind
{
    /// <summary>The server answered with a non-success HTTP status.</summary>
    Http,

    /// <summary>Nothing listens at the address (the request was never sent).</summary>
    ConnectionRefused,

    /// <summary>The host name could not be resolved (the request was never sent).</summary>
    NameResolution,

    /// <summary>No answer within the per-request timeout; the server may have acted on it.</summary>
    Timeout,

    /// <summary>The connection broke after the request was sent; the server may have acted on it.</summary>
    ConnectionLost,

    /// <summary>Any other transport failure (TLS, protocol).</summary>
    Network,

    /// <summary>The server answered 2xx but the body was not what the API documents.</summary>
    InvalidResponse,
}

/// <summary>
/// The one exception the client throws for a failed call: an HTTP error, a network failure or an
/// unreadable answer. Every text in it has the master key scrubbed.
/// </summary>
public sealed class LiteLlmRequestFailedException : Exception
{
    /// <summary>Creates the exception (normally only the client does this).</summary>
    public LiteLlmRequestFailedException(
        string message,
        LiteLlmFailureKind kind,
        string method,
        string path,
        int? status = null,
        string? errorType = null,
        string? errorCode = null,
        string? serverMessage = null,
        string? bodyExcerpt = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Method = method;
        Path = path;
        Status = status;
        ErrorType = errorType;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
        BodyExcerpt = bodyExcerpt;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception with only a message (for serializers and tests).</summary>
    public LiteLlmRequestFailedException()
        : this("LiteLLM request failed.", LiteLlmFailureKind.Network, string.Empty, string.Empty)
    {
    }

    /// <summary>Creates an exception with only a message (for serializers and tests).</summary>
    public LiteLlmRequestFailedException(string message)
        : this(message, LiteLlmFailureKind.Network, string.Empty, string.Empty)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public LiteLlmRequestFailedException(string message, Exception innerException)
        : this(message, LiteLlmFailureKind.Network, string.Empty, string.Empty, innerException: innerException)
    {
    }

    /// <summary>How the request failed.</summary>
    public LiteLlmFailureKind Kind { get; }

    /// <summary>HTTP method of the failed request.</summary>
    public string Method { get; }

    /// <summary>Path (and query) of the failed request.</summary>
    public string Path { get; }

    /// <summary>HTTP status, or null when no response arrived.</summary>
    public int? Status { get; }

    /// <summary>The server's error type (<c>error.type</c>, or a problem document's <c>type</c>).</summary>
    public string? ErrorType { get; }

    /// <summary>The server's error code (<c>error.code</c>, sent by LiteLLM as a string).</summary>
    public string? ErrorCode { get; }

    /// <summary>The server's own words, scrubbed of the key.</summary>
    public string? ServerMessage { get; }

    /// <summary>The start of the response body, scrubbed of the key.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when no HTTP response arrived.</summary>
    public bool IsNetworkError => Kind is not (LiteLlmFailureKind.Http or LiteLlmFailureKind.InvalidResponse);

    /// <summary>True when the request certainly never reached the server.</summary>
    public bool RequestNeverSent => Kind is LiteLlmFailureKind.ConnectionRefused or LiteLlmFailureKind.NameResolution;

    /// <summary>
    /// True when a state-changing request may or may not have taken effect: a timeout, a broken
    /// connection, or a 500/502/504 (LiteLLM's delete is not transactional).
    /// </summary>
    public bool OutcomeUnknown => Kind is LiteLlmFailureKind.Timeout or LiteLlmFailureKind.ConnectionLost or LiteLlmFailureKind.Network
        || Status is 500 or 502 or 504;

    /// <summary>True for failures worth retrying: 429, 5xx gateway errors, network failures and timeouts.</summary>
    public bool IsTransient => IsNetworkError || Status is 429 or 500 or 502 or 503 or 504;

    /// <summary>The HTTP status as an enum, when there is one.</summary>
    public HttpStatusCode? StatusCode => Status is { } s ? (HttpStatusCode)s : null;
}
