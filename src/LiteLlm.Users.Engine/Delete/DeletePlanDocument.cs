using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Delete;

/// <summary>
/// A reviewed plan (<c>delete --dry-run --plan-out plan.json</c>), applied later with
/// <c>delete --plan plan.json</c>. Plain JSON a reviewer can read: where, when, from which CSV, and
/// per row the action with the matched users' id, email and role. It holds no secret.
/// </summary>
public sealed class DeletePlanDocument
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "litellm-users/delete-plan/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Format marker.</summary>
    public string Format { get; init; } = CurrentFormat;

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

    /// <summary>Counts per action.</summary>
    public IReadOnlyDictionary<string, int> Summary { get; init; } = new Dictionary<string, int>();

    /// <summary>One entry per input row.</summary>
    public IReadOnlyList<PlannedRow> Rows { get; init; } = [];

    /// <summary>Builds a plan from a dry run's decisions.</summary>
    public static DeletePlanDocument From(IReadOnlyList<PlannedRow> rows, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new DeletePlanDocument
        {
            ToolVersion = typeof(DeletePlanDocument).Assembly.GetName().Version?.ToString(3),
            CreatedAt = now,
            BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/'),
            CsvFile = csvFile,
            CsvSha256 = csvSha256,
            ServerUsers = serverUsers,
            Summary = rows.GroupBy(r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Action.ToString()), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Key == "delete" ? g.Sum(r => r.Users.Count) : g.Count(), StringComparer.Ordinal),
            Rows = rows,
        };
    }

    /// <summary>Writes the plan.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <summary>Reads a plan and checks it may be applied to <paramref name="baseUrl"/> now.</summary>
    /// <exception cref="InputException">Unreadable, for another proxy, or too old.</exception>
    public static DeletePlanDocument Load(string path, Uri baseUrl, TimeSpan maxAge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!File.Exists(path))
        {
            throw new InputException($"Plan file '{path}' not found.");
        }

        DeletePlanDocument? plan;
        try
        {
            plan = JsonSerializer.Deserialize<DeletePlanDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InputException($"Plan file '{path}' is not a plan: {ex.Message}", ex);
        }

        if (plan is null || plan.Format != CurrentFormat)
        {
            throw new InputException($"Plan file '{path}' is not a {CurrentFormat} plan.");
        }

        var target = baseUrl.AbsoluteUri.TrimEnd('/');
        if (!string.Equals(plan.BaseUrl, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"Refused: plan '{path}' was made for {plan.BaseUrl}, not {target}. Make a new plan against this proxy with --dry-run --plan-out.");
        }

        var age = now - plan.CreatedAt;
        if (age > maxAge)
        {
            throw new InputException(string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: plan '{path}' is {Describe(age)} old, older than --max-plan-age {Describe(maxAge)}. Make a new plan with --dry-run --plan-out, or raise --max-plan-age."));
        }

        return plan;
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#}d")
        : span.TotalMinutes >= 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m");
}
