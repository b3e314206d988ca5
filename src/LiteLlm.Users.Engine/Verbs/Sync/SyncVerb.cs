using System.Globalization;
using System.Text.Json;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>
/// <c>sync</c> on the run lifecycle: the roster → read every user and the teams once →
/// <see cref="SyncPlanner"/> → guards for the removals → <see cref="SyncExecutor"/> (adds, updates,
/// removals last) → one <see cref="SyncRow"/> per roster row and per user the roster does not list.
/// </summary>
/// <param name="context">The proxy, log and progress.</param>
/// <param name="options">The job.</param>
/// <param name="rows">The roster.</param>
/// <param name="approvedRemovals">With a reviewed plan: the only users the run may remove; null without one.</param>
internal sealed class SyncVerb(RunContext context, SyncJob options, IReadOnlyList<UserInputRow> rows, IReadOnlySet<string>? approvedRemovals = null)
    : RunVerb<SyncDecision, SyncRow>(context, options)
{
    private readonly SyncExecutor _executor = new(options);
    private IReadOnlyList<SyncCandidate>? _candidates;
    private TeamDirectory _teams = TeamDirectory.Empty;

    /// <inheritdoc />
    public override string Command => "sync";

    /// <inheritdoc />
    public override string InputFile => options.CsvFile;

    /// <inheritdoc />
    public override int InputRows => rows.Count;

    /// <inheritdoc />
    public override PreflightNeeds Needs => PreflightNeeds.Caller | PreflightNeeds.Teams;

    /// <inheritdoc />
    public override string RemovalAction => options.Mode.DisableRemovals ? "disable" : "delete";

    /// <inheritdoc />
    public override string ApiErrorWords => "Failed to sync user (API error)";

    /// <inheritdoc />
    public override async Task<RunPlan<SyncDecision>> PlanAsync(PlanInputs<SyncRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _teams = inputs.Preflight.Teams;

        // Read every user once (a removal candidate is anyone the roster does not list).
        var snapshot = await Context.Users.TrySnapshotAsync((_, _) => true, inputs.Preflight.ServerUsers, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return new RunPlan<SyncDecision>([]) { Refused = SyncJob.UnsettledReason };
        }

        var resume = inputs.Resume is { } state
            ? new SyncResume(state.Rows.Keys.ToHashSet(), state.Intents, state.Plan?.Select(p => p.Deserialize(SyncJsonContext.Default.SyncCandidate)!).ToList())
            : null;
        var plan = SyncPlanner.Plan(new SyncPlanInput
        {
            Rows = rows,
            Users = snapshot.Kept,
            Teams = _teams,
            Mode = options.Mode,
            DefaultRole = options.DefaultRole,
            Protection = options.Protection.WithCaller(inputs.Preflight.CallerUserId),
            Resume = resume,
            ApprovedRemovals = approvedRemovals,
        });
        _candidates = plan.RemovalRecords;
        var decisions = Settings.DryRun
            ? [.. plan.Rows.Select(p => p.Status == SyncStatus.Success ? p with { Status = SyncStatus.Planned } : p)]
            : plan.Rows;
        Context.Log.Info(Describe(decisions, Settings.DryRun));
        return new RunPlan<SyncDecision>(decisions) { ServerUsers = snapshot.Total };
    }

    /// <inheritdoc />
    public override SyncRow Row(SyncDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var user = decision.Work == SyncWork.Create
            ? new LiteLlmUser { UserId = decision.UserId!, UserEmail = decision.Email, UserRole = decision.Role, Teams = decision.Teams }
            : decision.User;
        return RowOf(decision.Action, decision.Email, user, decision.Status, decision.Reason, _teams);
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<SyncRow> Row)> Unfinished(RunPlan<SyncDecision>? plan, string reason)
    {
        // Every row not done gets the run's reason: its user as it is (nothing was done for it).
        var decisions = plan is { Decisions.Count: > 0 }
            ? plan.Decisions
            : [.. rows.Select(r => new SyncDecision { Line = r.Line, Action = SyncAction.Unchanged, Status = SyncStatus.Failed, Email = r.Email })];
        return decisions.Select(d => (d.Line, (Func<SyncRow>)(() => RowOf(d.Action, d.Email, d.Work == SyncWork.Create ? null : d.User, SyncStatus.Failed, reason, _teams))));
    }

    /// <inheritdoc />
    public override void JournalPlan(RunJournal journal, RunPlan<SyncDecision> plan)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (_candidates is { } candidates)
        {
            // The candidates a rerun could not find again (once removed, they are gone), journaled first.
            journal.Plan(candidates, SyncJsonContext.Default.SyncCandidate);
        }
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<SyncDecision> work, RunExecution<SyncRow> run) => _executor.ExecuteAsync(work, run);

    /// <inheritdoc />
    public override void WritePlan(string path, RunPlan<SyncDecision> plan, Preflight preflight)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var document = SyncPlanDocument.From(plan.Decisions, _teams, Context.Client.Endpoint, options.CsvFile, RunIdentity.Sha256Of(options.CsvFile), plan.ServerUsers ?? preflight.ServerUsers, options.Time.GetUtcNow());
        document.Sign(options.Operator, options.RequireApproval);
        document.Save(path);
    }

    /// <summary>A result row: action, email, the user's id, role and teams (by name) after the run, status, reason.</summary>
    public static SyncRow RowOf(SyncAction action, string email, LiteLlmUser? user, SyncStatus status, string? reason, TeamDirectory teams) =>
        new(action, email, user?.UserId, user?.UserRole, string.Join(';', (user?.Teams ?? []).Select(teams.Describe)), status, reason);

    private static string Describe(IReadOnlyList<SyncDecision> plan, bool dryRun)
    {
        int Work(SyncWork work) => plan.Count(p => p.Work == work);
        int Status(SyncStatus status) => plan.Count(p => p.Status == status && p.Work == SyncWork.None);
        var unchanged = plan.Count(p => p.Action == SyncAction.Unchanged && p.Work == SyncWork.None);
        var resumed = Work(SyncWork.AlreadyDone) > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {Work(SyncWork.AlreadyDone)} done by the interrupted run") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Plan{(dryRun ? " (dry run)" : string.Empty)}: {Work(SyncWork.Create)} to add, {Work(SyncWork.Update)} to update, {Work(SyncWork.Remove)} to remove, {unchanged} unchanged; {Status(SyncStatus.Skipped)} skipped by the mode, {Status(SyncStatus.Protected)} protected, {Status(SyncStatus.Failed)} failed{resumed}.");
    }
}
