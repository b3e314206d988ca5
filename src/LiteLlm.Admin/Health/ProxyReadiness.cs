using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Admin.Health;

/// <summary>
/// The answer of <c>GET /health/readiness</c> (<c>health_readiness</c> in LiteLLM's
/// <c>litellm/proxy/health_endpoints/_health_endpoints.py</c>): the proxy's state, its database and
/// its release. Every field is optional: releases differ, and without a database the version can be
/// <c>"unknown"</c> (fleet row 11, measured on 1.77.1).
/// </summary>
public sealed class ProxyReadiness
{
    /// <summary>The database state LiteLLM reports when it has one.</summary>
    public const string DatabaseConnected = "connected";

    /// <summary>The proxy's state (<c>connected</c> or <c>healthy</c>).</summary>
    public string? Status { get; init; }

    /// <summary>The database: <c>connected</c>, or <c>Not connected</c> for a proxy started without one.</summary>
    public string? Db { get; init; }

    /// <summary>The LiteLLM release (<c>1.77.1</c>), or <c>unknown</c>.</summary>
    [JsonPropertyName("litellm_version")]
    public string? LiteLlmVersion { get; init; }

    /// <summary>True when the proxy says its database is connected (user management needs one).</summary>
    [JsonIgnore]
    public bool IsDatabaseConnected => string.Equals(Db, DatabaseConnected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every other field the server sent (cache, callbacks, ...).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
