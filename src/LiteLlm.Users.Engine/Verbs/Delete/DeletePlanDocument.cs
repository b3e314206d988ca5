using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Plans;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// A reviewed plan (<c>delete --dry-run --plan-out plan.json</c>), applied later with
/// <c>delete --plan plan.json</c>: per row the action with the matched users' id, email and role.
/// </summary>
public sealed class DeletePlanDocument : PlanDocument<DeleteDecision>
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

    /// <summary>The plan was made with <c>--disabled-before</c>: applying it deletes only users disabled at least this long ago, checked again then.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public TimeSpan? DisabledBefore { get; internal set; }

    /// <summary>Users the plan's rows delete (counted from the rows; the summary is only for a reader).</summary>
    public int UsersToDelete => Rows.Where(r => r.Action == DeleteAction.Delete).Sum(r => r.Users.Count);

    /// <inheritdoc />
    protected override JsonTypeInfo JsonInfo => DeleteJsonContext.Default.DeletePlanDocument;

    /// <summary>Builds a plan from a dry run's decisions.</summary>
    public static DeletePlanDocument From(IReadOnlyList<DeleteDecision> rows, Uri baseUrl, string csvFile, string csvSha256, int serverUsers, DateTimeOffset now)
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
    /// <exception cref="InputException">Missing, not a delete plan, for another proxy, too old or dated in the future.</exception>
    public static DeletePlanDocument Load(string path, Uri baseUrl, TimeSpan maxAge, DateTimeOffset now) =>
        PlanFile.Load<DeletePlanDocument, DeleteDecision>(path, CurrentFormat, "delete", DeleteJsonContext.Default.DeletePlanDocument, baseUrl, maxAge, now);
}
