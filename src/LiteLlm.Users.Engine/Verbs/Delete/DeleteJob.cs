using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// A delete: the users listed by email in a CSV, or the users of a reviewed plan. Every input row ends
/// in exactly one output row; a dry run sends no request that changes anything and writes no file;
/// an interrupted run is resumed from its journal. Read the input first (<see cref="ReadInput"/> or
/// <see cref="LoadPlan"/>), then <see cref="RunAsync"/>.
/// </summary>
public sealed record DeleteJob : RunSettings
{
    private EmailInput? _input;
    private DeletePlanDocument? _plan;

    /// <summary>Creates the settings with the manual's file names.</summary>
    public DeleteJob()
    {
        ResultFile = "user_del_result.csv";
        ErrorFile = "user_del_error.csv";
    }

    /// <summary>The counter of users confirmed gone after their delete.</summary>
    public const string VerifiedCounter = "verified_deleted";

    /// <summary>The counter of users reported deleted but still listed.</summary>
    public const string StillThereCounter = "still_listed_after_delete";

    /// <summary>The counter of stale team memberships removed after the deletes.</summary>
    public const string StaleRemovedCounter = "stale_team_memberships_removed";

    /// <summary>The counter of stale team memberships that could not be removed.</summary>
    public const string StaleFailedCounter = "stale_team_memberships_failed";

    /// <summary>Input CSV.</summary>
    public required string CsvFile { get; init; }

    /// <summary>Delete every user of an email that several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Ids per delete request; null = 100 for /user/delete, 500 for the v1 bulk route.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How emails are resolved.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Which delete route.</summary>
    public UserWriteRoute Endpoint { get; init; }

    /// <summary>
    /// Check after the deletes (default on): every user reported deleted is gone (one <c>/user/list</c> per
    /// 100 users, before its row is written), and no team roster still lists a deleted user (one
    /// <c>/team/list</c>; stale entries are removed with <c>/team/member_delete</c>).
    /// </summary>
    public bool Verify { get; init; } = true;

    /// <summary>A reviewed plan to apply instead of reading and resolving the CSV.</summary>
    public string? PlanFile { get; init; }

    /// <summary>A plan older than this is refused.</summary>
    public TimeSpan MaxPlanAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>With <see cref="RunSettings.PlanOut"/>: the plan demands an approval. With <see cref="PlanFile"/>: refuse a plan that is not approved.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>
    /// The second step of the offboarding: delete only users <c>disable</c> disabled at least this long
    /// ago. Without input read (<see cref="ReadInput"/>, <see cref="LoadPlan"/>) it chooses them among all
    /// users; with a CSV or a plan, rows with other users become error rows.
    /// </summary>
    public TimeSpan? DisabledBefore { get; init; }

    /// <summary>Reads and checks <see cref="CsvFile"/> (nothing is sent).</summary>
    /// <exception cref="InputException">The file is unusable or lists no email.</exception>
    public InputSummary ReadInput()
    {
        _input = EmailInput.Read(CsvFile);
        return _input.Summary;
    }

    /// <summary>Reads <see cref="PlanFile"/> and checks that it may be applied to <paramref name="baseUrl"/> now.</summary>
    /// <exception cref="InputException">Missing, not a delete plan, for another proxy, too old, dated in the future, or not approved as required (<see cref="RequireApproval"/>, or the plan demands it).</exception>
    public DeletePlanDocument LoadPlan(Uri baseUrl)
    {
        var path = PlanFile ?? throw new InvalidOperationException("No plan file.");
        _plan = DeletePlanDocument.Load(path, baseUrl, MaxPlanAge, Time.GetUtcNow());
        Safety?.NotePlan(Plans.PlanApproval.Check(path, RequireApproval));
        return _plan;
    }

    /// <summary>Runs the delete over the input read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    public Task<RunResult<DeleteDecision>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        if (_input is null && _plan is null && DisabledBefore is null)
        {
            throw new InvalidOperationException("Read the input (ReadInput or LoadPlan) first, or choose users with DisabledBefore.");
        }

        var verb = new DeleteVerb(new RunContext(client, Concurrency, log, progress), this, _input, _plan);

        // The verb owns the input now, and lets it go once its plan is made (a huge CSV is not kept twice).
        _input = null;
        _plan = null;
        return RunRunner.RunAsync(verb, stop, abort);
    }
}
