namespace LiteLlm.Sandbox;

/// <summary>
/// Settings of a <see cref="SandboxServer"/>. Defaults give a quiet, fast, fault-free server on an
/// ephemeral loopback port with a master key.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The proxy master key; <c>null</c> means none is configured and every request is
    /// treated as proxy_admin (contract §2.1).</summary>
    public string? MasterKey { get; set; } = "sk-sandbox-master-key";

    /// <summary>Address to bind; an IP literal or <c>localhost</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to bind; 0 picks an ephemeral port (read it back from <see cref="SandboxServer.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>The LiteLLM release to imitate: the version <c>/health/readiness</c> reports and the behaviours that
    /// changed between releases (<see cref="SandboxProfile"/>; <c>SandboxProfile.Parse("legacy" | "1.77.1" | "current" | "x.y.z")</c>).
    /// Default: <see cref="SandboxProfile.Default"/> (1.83.10).</summary>
    public SandboxProfile Profile { get; set; } = SandboxProfile.Default;

    /// <summary>Overrides the profile for <c>/management/v1/users/bulk_delete</c> and <c>/management/v1/users/bulk</c>
    /// (contract §3.9): <c>true</c> serves them, <c>false</c> answers 404 like an older proxy, <c>null</c> follows
    /// <see cref="Profile"/> (<see cref="LiteLlmChange.ManagementV1Routes"/>).</summary>
    public bool? EnableManagementV1 { get; set; }

    /// <summary>Overrides the profile for <c>/user/info</c> of an unknown id: <c>true</c> answers the ≤ 1.80 200 stub,
    /// <c>false</c> the 404, <c>null</c> follows <see cref="Profile"/> (<see cref="LiteLlmChange.UserInfoUnknownIs404"/>).</summary>
    public bool? LegacyUserInfo { get; set; }

    /// <summary>A proxy started without a database (fleet row 11, contract §1.2): <c>/health/readiness</c> says
    /// <c>"db": "Not connected"</c>, only the master key authenticates (other keys get 400 <c>no_db_connection</c>),
    /// and the user routes give LiteLLM's "no db" errors (captures <c>nodb-*.json</c>).</summary>
    public bool NoDatabase { get; set; }

    /// <summary>Older LiteLLM: 401 messages echo the whole presented key. Used to prove that clients scrub secrets.</summary>
    public bool EchoKeyInAuthErrors { get; set; }

    /// <summary>Server slots S: at most S requests are served at once; extra requests queue in FIFO order. <c>null</c> = unlimited.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Latency model: each request holds its slot for <c>BaseLatencyMs + PerItemLatencyMs × items</c>.</summary>
    public double BaseLatencyMs { get; set; }

    /// <summary>Per-item part of the latency model (items = users returned, deleted or created, keys listed…).</summary>
    public double PerItemLatencyMs { get; set; }

    /// <summary>Seed of the fault injector's random number generator.</summary>
    public int FaultSeed { get; set; } = 12345;

    /// <summary>Optional log sink: one line per request plus server warnings. <c>null</c> = quiet. Never receives secrets.</summary>
    public Action<string>? Log { get; set; }
}
