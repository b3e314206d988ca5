using System.Globalization;
using System.Text.Json;
using LiteLlm.Users.Engine.Reporting;

namespace LiteLlm.Users.Engine.Delete;

/// <summary>
/// A reviewed plan (<c>delete --dry-run --plan-out plan.json</c>), applied later with
/// <c>delete --plan plan.json</c>: per row the action with the matched users' id, email and role.
/// </summary>
public sealed class DeletePlanDocument : PlanDocument<PlannedRow>
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "litellm-users/delete-plan/1";

    /// <summary>Creates an empty plan (for JSON).</summary>
    public DeletePlanDocument()
        : base(CurrentFormat)
    {
    }

    private DeletePlanDocument(Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
        : base(CurrentFormat, baseUrl, csvFile, csvSha256, serverUsers, now)
    {
    }

    /// <summary>Builds a plan from a dry run's decisions.</summary>
    public static DeletePlanDocument From(IReadOnlyList<PlannedRow> rows, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new DeletePlanDocument(baseUrl, csvFile, csvSha256, serverUsers, now)
        {
            Summary = rows.GroupBy(r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Action.ToString()), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Key == "delete" ? g.Sum(r => r.Users.Count) : g.Count(), StringComparer.Ordinal),
            Rows = rows,
        };
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
