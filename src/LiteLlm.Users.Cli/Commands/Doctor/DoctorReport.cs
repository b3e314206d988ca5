using System.Text.Json.Serialization;

namespace LiteLlm.Users.Cli.Commands.Doctor;

/// <summary>What <c>litellm-users doctor</c> found (its <c>--format json</c> document; every member is always written).</summary>
internal sealed record DoctorReport
{
    /// <summary>The proxy (credentials removed).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Whether the proxy answered at all.</summary>
    public bool Reachable { get; init; }

    /// <summary>Round-trip time of <c>/health/readiness</c>, in milliseconds.</summary>
    public double? RoundTripMs { get; init; }

    /// <summary><c>litellm_version</c> of <c>/health/readiness</c>, or <c>unknown</c>.</summary>
    [JsonPropertyName("litellm_version")]
    public string LiteLlmVersion { get; init; } = "unknown";

    /// <summary><c>db</c> of <c>/health/readiness</c> (<c>connected</c>, <c>Not connected</c>), or <c>unknown</c>.</summary>
    public string Database { get; init; } = "unknown";

    /// <summary>Who the key is.</summary>
    public DoctorCaller Caller { get; init; } = new(null, null);

    /// <summary>Users on the proxy (<c>total</c> of <c>/user/list</c>); null when it could not be read.</summary>
    public int? Users { get; init; }

    /// <summary>The optional routes, by path: whether the proxy has them.</summary>
    public IReadOnlyDictionary<string, bool?> Routes { get; init; } = new Dictionary<string, bool?>();

    /// <summary>The fleet's hazards that apply to this release.</summary>
    public IReadOnlyList<DoctorHazard> Hazards { get; init; } = [];

    /// <summary>Whether this tool can manage users on the proxy with this key.</summary>
    public bool Usable { get; init; }

    /// <summary>Why not, in one line; null when usable.</summary>
    public string? Problem { get; init; }
}

/// <summary>The key's owner (<c>/key/info</c>): the master key has no user and is a proxy admin.</summary>
/// <param name="UserId">The owner's user id; null for the master key.</param>
/// <param name="Role">The owner's role (<c>proxy_admin</c> for the master key), or null when unknown.</param>
internal sealed record DoctorCaller(string? UserId, string? Role);

/// <summary>A hazard as <c>doctor</c> reports it.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Summary">What the proxy does.</param>
/// <param name="Mitigation">What this tool does about it.</param>
/// <param name="FleetRow">The row of the fleet table.</param>
/// <param name="FixedIn">The first release without it (<c>main</c>: unreleased; null: none).</param>
/// <param name="Source">Issue or pull request.</param>
/// <param name="Possible">True when the version is unknown: the hazard may or may not apply.</param>
internal sealed record DoctorHazard(string Id, string Summary, string Mitigation, int FleetRow, string? FixedIn, string Source, bool Possible);

/// <summary>Source-generated JSON of the doctor's report (snake_case, nulls written, indented; see <c>DoctorCommand</c> for its options).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;
