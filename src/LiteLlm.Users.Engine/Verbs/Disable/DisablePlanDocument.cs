using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Plans;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>
/// A reviewed plan (<c>disable --dry-run --plan-out plan.json</c>), applied later with
/// <c>disable --plan plan.json</c>: per row the action with the matched users' id, email and role.
/// </summary>
internal sealed class DisablePlanDocument : PlanDocument<DisableDecision>
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "litellm-users/disable-plan/1";

    /// <summary>Creates an empty plan (for JSON).</summary>
    public DisablePlanDocument()
        : base(CurrentFormat)
    {
    }

    private DisablePlanDocument(Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
        : base(CurrentFormat, baseUrl, csvFile, csvSha256, serverUsers, now)
    {
    }

    /// <summary>Users the plan's rows disable (counted from the rows).</summary>
    public int UsersToDisable => Rows.Where(r => r.Action == DisableAction.Disable).Sum(r => r.Users.Count(u => !u.Disabled));

    /// <inheritdoc />
    protected override JsonTypeInfo JsonInfo => DisableJsonContext.Default.DisablePlanDocument;

    /// <summary>Builds a plan from a dry run's decisions.</summary>
    public static DisablePlanDocument From(IReadOnlyList<DisableDecision> rows, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new DisablePlanDocument(baseUrl, csvFile, csvSha256, serverUsers, now)
        {
            Summary = rows.GroupBy(r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Action.ToString()), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Key == "disable" ? g.Sum(r => r.Users.Count) : g.Count(), StringComparer.Ordinal),
            Rows = rows,
        };
    }

    /// <summary>Reads a plan and checks it may be applied to <paramref name="baseUrl"/> now.</summary>
    /// <exception cref="InputException">Missing, not a disable plan, for another proxy, too old or dated in the future.</exception>
    public static DisablePlanDocument Load(string path, Uri baseUrl, TimeSpan maxAge, DateTimeOffset now) =>
        PlanFile.Load<DisablePlanDocument, DisableDecision>(path, CurrentFormat, "disable", DisableJsonContext.Default.DisablePlanDocument, baseUrl, maxAge, now);
}
