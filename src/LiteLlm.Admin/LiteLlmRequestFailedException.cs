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

    /// <summary>
    /// The request as a whole succeeded (or was refused for this one item only), but the server
    /// reported that one item of it failed: a row of a v1 bulk answer with <c>"success": false</c>,
    /// or a legacy <c>/user/delete</c> refused for one named user outside the caller's scope.
    /// <see cref="LiteLlmRequestFailedException.Status"/> is null (no HTTP failure to act on), the
    /// server's words are in <see cref="LiteLlmRequestFailedException.ServerMessage"/> and the kind of
    /// refusal in <see cref="LiteLlmRequestFailedException.ErrorType"/> (see <see cref="LiteLlmItemErrors"/>).
    /// Such a failure is never fatal and never retried by the caller.
    /// </summary>
    ItemFailed,
}

/// <summary>
/// The values of <see cref="LiteLlmRequestFailedException.ErrorType"/> for a failure of kind
/// <see cref="LiteLlmFailureKind.ItemFailed"/>. Word a report from them, e.g.
/// <c>ErrorType == Forbidden ? "Forbidden: " + ServerMessage : "Failed to delete user (API error): " + ServerMessage</c>.
/// </summary>
public static class LiteLlmItemErrors
{
    /// <summary>The item is outside the caller's scope (an org admin deleting a user of another organisation).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The server refused the item for any other reason (its words are in the server message).</summary>
    public const string Failed = "failed";
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
    public bool IsNetworkError => Kind is not (LiteLlmFailureKind.Http or LiteLlmFailureKind.InvalidResponse or LiteLlmFailureKind.ItemFailed);

    /// <summary>True when the request certainly never reached the server.</summary>
    public bool RequestNeverSent => Kind is LiteLlmFailureKind.ConnectionRefused or LiteLlmFailureKind.NameResolution;

    /// <summary>
    /// True when a state-changing request may or may not have taken effect: a timeout, a broken
    /// connection, or a 500/502/504 (LiteLLM's delete is not transactional).
    /// </summary>
    public bool OutcomeUnknown => Kind is LiteLlmFailureKind.Timeout or LiteLlmFailureKind.ConnectionLost or LiteLlmFailureKind.Network
        || Status is 500 or 502 or 504;

    /// <summary>
    /// True for failures worth retrying: 429, 500, 502, 503, 504, network failures and timeouts —
    /// but never a proxy without a database (<see cref="IsNoDatabase"/>), which no retry can fix.
    /// </summary>
    public bool IsTransient => !IsNoDatabase && (IsNetworkError || Status is 429 or 500 or 502 or 503 or 504);

    /// <summary>
    /// True when LiteLLM says it has no database (contract §1.2): 500 <c>No db connected</c>
    /// (<c>/user/list</c>, <c>/user/delete</c>), 500 <c>Database not connected</c>, 400
    /// <c>no_db_connection</c> (a key other than the master key), 400 <c>DB not connected</c>
    /// (<c>/user/new</c>), or the v1 routes' 503 <c>database-not-connected</c> problem
    /// (<c>management_v1/users.py</c>). Never retried: a caller can stop at once.
    /// </summary>
    public bool IsNoDatabase =>
        Kind == LiteLlmFailureKind.Http
        && (string.Equals(ErrorType, "no_db_connection", StringComparison.Ordinal)
            || (ErrorType?.EndsWith(":database-not-connected", StringComparison.Ordinal) ?? false)
            || (Status is 400 or 500 or 503 && ServerMessage is { } words
                && (words.Contains("db connected", StringComparison.OrdinalIgnoreCase)
                    || words.Contains("DB not connected", StringComparison.OrdinalIgnoreCase)
                    || words.Contains("Database not connected", StringComparison.OrdinalIgnoreCase))));

    /// <summary>
    /// True when no further request to this proxy can succeed, so a caller should stop: the key is
    /// rejected (401), the caller lacks the permission for the whole request (403), the proxy has no
    /// database (<see cref="IsNoDatabase"/>), or nothing answers at the address (connection refused,
    /// name not resolved). The bulk write methods throw these instead of reporting them per user.
    /// </summary>
    public bool IsFatal =>
        (Kind == LiteLlmFailureKind.Http && Status is 401 or 403)
        || IsNoDatabase
        || Kind is LiteLlmFailureKind.ConnectionRefused or LiteLlmFailureKind.NameResolution;

    /// <summary>The HTTP status as an enum, when there is one.</summary>
    public HttpStatusCode? StatusCode => Status is { } s ? (HttpStatusCode)s : null;
}
