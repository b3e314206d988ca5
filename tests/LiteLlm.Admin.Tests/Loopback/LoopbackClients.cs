using LiteLlm.Testing;

namespace LiteLlm.Admin.Tests.Loopback;

/// <summary>Clients for a <see cref="LoopbackServer"/>.</summary>
public static class LoopbackClients
{
    /// <summary>A client for this server with fast retries.</summary>
    public static LiteLlmAdminClient CreateClient(this LoopbackServer server, Action<LiteLlmAdminClientOptions>? configure = null, string key = "sk-loopback-key")
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = new LiteLlmAdminClientOptions { Retry = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } };
        configure?.Invoke(options);
        return new LiteLlmAdminClient(server.BaseAddress, key, options);
    }
}
