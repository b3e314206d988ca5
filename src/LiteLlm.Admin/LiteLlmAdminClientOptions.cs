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
public sealed class RetrySettings
{
    /// <summary>Retries after the first attempt. 0 disables retrying. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base of the exponential backoff (full jitter). Default 0.5 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of one backoff delay, also applied to the server's Retry-After. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
