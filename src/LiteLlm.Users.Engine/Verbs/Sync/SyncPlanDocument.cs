using LiteLlm.Users.Engine.Matching;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Plans;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>
/// A sync's plan for review (<c>sync --dry-run --plan-out plan.json</c>): per roster row and per user
/// the roster does not list, what would happen, with the user's id, role and teams after the run.
/// </summary>
internal sealed class SyncPlanDocument : PlanDocument<SyncPlanEntry>
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "litellm-users/sync-plan/1";

    /// <summary>Creates an empty plan (for JSON).</summary>
    public SyncPlanDocument()
        : base(CurrentFormat)
    {
    }

    private SyncPlanDocument(Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
        : base(CurrentFormat, baseUrl, csvFile, csvSha256, serverUsers, now)
    {
    }

    /// <inheritdoc />
    protected override JsonTypeInfo JsonInfo => SyncJsonContext.Default.SyncPlanDocument;

    /// <summary>Reads a plan and checks it may be applied to <paramref name="baseUrl"/> now.</summary>
    /// <exception cref="InputException">Missing, not a sync plan, for another proxy, too old or dated in the future.</exception>
    public static SyncPlanDocument Load(string path, Uri baseUrl, TimeSpan maxAge, DateTimeOffset now) =>
        PlanFile.Load<SyncPlanDocument, SyncPlanEntry>(path, CurrentFormat, "sync", SyncJsonContext.Default.SyncPlanDocument, baseUrl, maxAge, now);

    /// <summary>Builds the plan from a dry run's decisions.</summary>
    public static SyncPlanDocument From(IReadOnlyList<SyncDecision> rows, TeamDirectory teams, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(teams);
        var rosterLines = rows.Where(r => !r.IsRemoval).Select(r => r.Line).ToHashSet();
        var entries = rows.Select(r => new SyncPlanEntry(
            rosterLines.Contains(r.Line) ? r.Line : null,
            r.Action,
            r.Status,
            r.Email,
            r.UserId,
            r.Role,
            [.. r.Teams.Select(teams.Describe)],
            r.Changes,
            r.Reason)).ToList();
        return new SyncPlanDocument(baseUrl, csvFile, csvSha256, serverUsers, now)
        {
            // "add": 3, "update": 2, "remove": 1, "unchanged": 10, "skipped": 4, "protected": 1, "failed": 0
            Summary = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["add"] = rows.Count(r => r.Work == SyncWork.Create),
                ["update"] = rows.Count(r => r.Work == SyncWork.Update),
                ["remove"] = rows.Count(r => r.Work == SyncWork.Remove),
                ["unchanged"] = rows.Count(r => r.Action == SyncAction.Unchanged),
                ["skipped"] = rows.Count(r => r.Status == SyncStatus.Skipped),
                ["protected"] = rows.Count(r => r.Status == SyncStatus.Protected),
                ["failed"] = rows.Count(r => r.Status == SyncStatus.Failed),
            },
            Rows = entries,
        };
    }
}
