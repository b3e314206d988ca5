using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Plans;

/// <summary>
/// What every reviewed plan (<c>--dry-run --plan-out plan.json</c>) holds, whatever the command:
/// where, when, from which CSV and by which version it was made, counts, and one entry per row.
/// Plain snake_case JSON a reviewer can read; it never holds a secret.
/// </summary>
/// <typeparam name="TRow">The command's row.</typeparam>
public abstract class PlanDocument<TRow>
{
    /// <summary>Creates an empty document (for JSON).</summary>
    protected PlanDocument(string format) => Format = format;

    /// <summary>Creates the header of a plan made now.</summary>
    protected PlanDocument(string format, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
        : this(format)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ToolVersion = typeof(PlanDocument<>).Assembly.GetName().Version?.ToString(3);
        CreatedAt = now;
        BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/');
        CsvFile = csvFile;
        CsvSha256 = csvSha256;
        ServerUsers = serverUsers;
    }

    /// <summary>Format marker (name and version).</summary>
    public string Format { get; init; }

    /// <summary>Version of the tool that wrote it.</summary>
    public string? ToolVersion { get; init; }

    /// <summary>When it was made (UTC, ISO 8601).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The proxy it was made for.</summary>
    public string BaseUrl { get; init; } = string.Empty;

    /// <summary>The input CSV, as given.</summary>
    public string? CsvFile { get; init; }

    /// <summary>SHA-256 of the input CSV's bytes.</summary>
    public string? CsvSha256 { get; init; }

    /// <summary>Users on the proxy when the plan was made.</summary>
    public int ServerUsers { get; init; }

    /// <summary>Who made the plan (the operator: --changed-by, else the OS user); an approver must be someone else.</summary>
    [JsonInclude]
    public string? MadeBy { get; internal set; }

    /// <summary>Whether applying the plan needs an approval (<c>litellm-users approve</c>) by someone other than its maker.</summary>
    [JsonInclude]
    public bool RequireApproval { get; internal set; }

    /// <summary>Counts per action (for a reader; a plan is applied from its rows, never from these).</summary>
    public IReadOnlyDictionary<string, int> Summary { get; init; } = new Dictionary<string, int>();

    /// <summary>One entry per row.</summary>
    public IReadOnlyList<TRow> Rows { get; init; } = [];

    /// <summary>The document's source-generated JSON contract.</summary>
    [JsonIgnore]
    protected abstract JsonTypeInfo JsonInfo { get; }

    /// <summary>Records who made the plan and whether applying it needs an approval.</summary>
    internal void Sign(string madeBy, bool requireApproval)
    {
        MadeBy = madeBy;
        RequireApproval = requireApproval;
    }

    /// <summary>Writes the plan.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonInfo) + "\n");
    }
}
