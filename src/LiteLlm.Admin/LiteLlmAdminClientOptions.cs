using Microsoft.Extensions.Logging;

namespace LiteLlm.Admin;

/// <summary>Settings of a <see cref="LiteLlmAdminClient"/>.</summary>
public sealed class LiteLlmAdminClientOptions
{
    /// <summary>Limit for one attempt of one request, body included. Default 30 s (as the original scripts).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry settings for transient failures.</summary>
    public RetrySettings Retry { get; set; } = new();

    /// <summary>At most this many requests in flight at once, across all callers of this client. Null = no limit.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>At most this many requests started per second, across all callers of this client. Null = no limit.</summary>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>User-Agent sent with every request.</summary>
    public string UserAgent { get; set; } = "litellm-users/" + typeof(LiteLlmAdminClientOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>
    /// Value of the <c>litellm-changed-by</c> header, recorded by LiteLLM as the actor in its audit
    /// log for user deletes and bulk updates. Null = header not sent.
    /// </summary>
    public string? ChangedBy { get; set; }

    /// <summary>Receives one debug line per request and response, with the key redacted. Null = silent.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Transport to use instead of a new <see cref="SocketsHttpHandler"/> (the client does not dispose it).</summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>Extra secrets to scrub from messages and logs, besides the master key.</summary>
    public IList<string> AdditionalSecrets { get; } = [];
}

/// <summary>When and how often a failed request is tried again.</summary>
/// <remarks>
/// <para>One retry layer: every request the client sends, and every bulk write of
/// <see cref="Users.UsersClient.DeleteManyAsync"/> and <see cref="Users.UsersClient.CreateManyAsync"/>
/// (its resends and re-check reads included), draws from one budget of <see cref="MaxRetries"/>
/// retries, so a request is attempted at most <c>MaxRetries + 1</c> times whatever fails.</para>
/// <para>Retried: reads on 429, 500, 502, 503, 504 and network failures; changes only when the server
/// certainly did not act (429, connection refused) — the bulk write methods re-check the rest
/// before sending again. Never retried: 400, 401, 403, 404, 409, 422, and a proxy without a
/// database (<see cref="LiteLlmRequestFailedException.IsNoDatabase"/>).</para>
/// <para>The timeout rule: a timeout is retried at most once per request. A server that accepts
/// connections and never answers ends a request after two timeouts: with the defaults (30 s
/// timeout, 5 retries) within 2 × 30 s plus one backoff of at most 0.5 s.</para>
/// </remarks>
public sealed class RetrySettings
{
    /// <summary>Retries after the first attempt (so at most this + 1 attempts). 0 disables retrying. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base of the exponential backoff (full jitter). Default 0.5 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of one backoff delay, also applied to the server's Retry-After. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
