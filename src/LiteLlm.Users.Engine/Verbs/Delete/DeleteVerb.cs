using System.Globalization;
using System.Text.Json;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// <c>delete</c> on the run lifecycle: the rows of a CSV (or of a reviewed plan) → resolve the
/// emails (or re-check the plan's users) → <see cref="DeletePlanner"/> → <see cref="DeleteExecutor"/>
/// → <see cref="DeleteRow"/>s in the manual's two files.
/// </summary>
internal sealed class DeleteVerb : RunVerb<DeleteDecision, DeleteRow>
{
    private readonly DeleteJob _options;
    private readonly DeletePlanDocument? _reviewed;
    private readonly DeleteExecutor _executor;
    private SweepResult? _sweep;
    private readonly bool _choose;
    private IReadOnlyList<EmailInputRow> _rows;
    private IReadOnlyCollection<string>? _keys;
    private IReadOnlyList<DisabledCandidate>? _chosen;
    private bool _chosenFresh;

    /// <summary>Creates the verb over the rows of a CSV, over the rows of a reviewed plan, or (neither, with --disabled-before) over the users it chooses.</summary>
    public DeleteVerb(RunContext context, DeleteJob options, EmailInput? input, DeletePlanDocument? reviewed)
        : base(context, options)
    {
        _options = options;
        _reviewed = reviewed;
        _choose = reviewed is null && input is null;
        _rows = reviewed is not null ? RowsOf(reviewed) : input?.Rows ?? (options.DisabledBefore is not null ? [] : throw new ArgumentNullException(nameof(input)));
        _keys = reviewed is null ? input?.Keys : null;
        _executor = new DeleteExecutor(options);
    }

    /// <inheritdoc />
    public override RunIdentity Identity => _choose
        ? new RunIdentity(Command, Context.Client.Endpoint.AbsoluteUri.TrimEnd('/'), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("--disabled-before " + _options.DisabledBefore))))
        : base.Identity;

    /// <inheritdoc />
    public override string Command => "delete";

    /// <inheritdoc />
    public override string InputFile => _options.PlanFile ?? _options.CsvFile;

    /// <inheritdoc />
    public override int InputRows => _rows.Count;

    /// <inheritdoc />
    public override PreflightNeeds Needs => PreflightNeeds.Caller;

    /// <inheritdoc />
    public override string RemovalAction => "delete";

    /// <inheritdoc />
    public override string NotConfirmedReason => "Not confirmed: nothing was deleted";

    /// <inheritdoc />
    public override string? Route => _executor.Route is { } route ? UserWriteRoutes.DeletePath(route) : null;

    /// <inheritdoc />
    public override IReadOnlyList<Task> PreflightExtras(CancellationToken cancellationToken) =>
        Settings.DryRun ? [] : [Context.RouteAsync(_options.Endpoint, delete: true, cancellationToken)];

    /// <inheritdoc />
    public override async Task<RunPlan<DeleteDecision>> PlanAsync(PlanInputs<DeleteRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var age = new[] { _options.DisabledBefore, _reviewed?.DisabledBefore }.Max();
        var selection = age is { } a ? new DisabledSelection(a, _options.Time.GetUtcNow()) : null;
        if (_choose && !await ChooseAsync(selection!, inputs, cancellationToken).ConfigureAwait(false))
        {
            return new RunPlan<DeleteDecision>([]) { Refused = "Refused: the user list kept changing while it was read, so the users to delete could not be chosen; nothing was deleted. Run it again" };
        }

        var chosen = _chosen?.ToDictionary(c => c.Line, c => (IReadOnlyList<string>)[c.UserId]) ?? [];
        var done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [];
        var intents = inputs.Resume?.Intents ?? new Dictionary<int, IReadOnlyList<string>>();
        var reviewed = _reviewed?.Rows.GroupBy(r => r.Line).ToDictionary(g => g.Key, g => g.First());

        // Re-read the users an interrupted run sent a delete for, and those a reviewed plan or
        // --disabled-before names; then find the users of every email to resolve. (The big lists are
        // built in plain methods, so an async method's frame never keeps a million-row copy alive.)
        var ids = IdsToReread(done, intents, reviewed, chosen);
        var current = ids.Count == 0 ? new Dictionary<string, LiteLlmUser>() : await Context.Users.FetchByIdsAsync(ids, cancellationToken).ConfigureAwait(false);
        var resolving = KeysToResolve(done, intents, reviewed is not null || _choose, out var keys);
        Context.Progress.StartPhase("Resolving emails", resolving);
        var resolution = await Context.Users.ResolveKeysAsync(keys, inputs.Preflight.ServerUsers, _options.Strategy, cancellationToken).ConfigureAwait(false);
        keys = [];
        _keys = null;

        // Go on from a fresh frame: continued inline, the rest of the run would sit inside the
        // resolver's frames, which keep the key set of a million-row CSV alive until they return.
        await Task.Yield();
        return Plan(new DeletePlanInput
        {
            Rows = _rows,
            Resolution = resolution,
            Reviewed = reviewed,
            Current = current,
            Done = done,
            Intents = intents,
            Selected = chosen,
            AllMatches = _options.AllMatches,
            Protection = _options.Protection.WithCaller(inputs.Preflight.CallerUserId),
            Due = selection,
        }, resolving > 0 ? resolution.Strategy : null);
    }

    private List<string> IdsToReread(HashSet<int> done, IReadOnlyDictionary<int, IReadOnlyList<string>> intents, Dictionary<int, DeleteDecision>? reviewed, Dictionary<int, IReadOnlyList<string>> chosen)
    {
        var ids = new List<string>();
        foreach (var row in _rows)
        {
            if (done.Contains(row.Line) || row.Problem is not null || row.DuplicateOf is not null)
            {
                continue;
            }

            if (intents.TryGetValue(row.Line, out var sent))
            {
                ids.AddRange(sent);
            }
            else if (reviewed is not null && reviewed.TryGetValue(row.Line, out var planned) && planned.Action == DeleteAction.Delete)
            {
                ids.AddRange(planned.Users.Select(u => u.UserId));
            }
            else if (chosen.TryGetValue(row.Line, out var picked))
            {
                ids.AddRange(picked);
            }
        }

        return ids;
    }

    /// <summary>The emails to resolve: every different email of the CSV (the input already keeps them), or when resuming only those of the rows left.</summary>
    private int KeysToResolve(HashSet<int> done, IReadOnlyDictionary<int, IReadOnlyList<string>> intents, bool none, out IReadOnlyCollection<string> keys)
    {
        if (none || _keys is null)
        {
            keys = [];
            return 0;
        }

        if (done.Count == 0 && intents.Count == 0)
        {
            keys = _keys;
            return keys.Count;
        }

        var left = _rows.Where(r => !done.Contains(r.Line) && r.Problem is null && r.DuplicateOf is null && !intents.ContainsKey(r.Line)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        keys = left;
        return left.Count;
    }

    private static RunPlan<DeleteDecision> Plan(DeletePlanInput input, ResolutionStrategy? strategy)
    {
        // Each decision is made when it is read, from the compact rows (DeletePlanner.Plan).
        var planned = DeletePlanner.Plan(input);
        return new RunPlan<DeleteDecision>(planned)
        {
            Strategy = strategy,
            RemovalKeys = planned.Where(d => ((IDecision)d).Kind == DecisionKind.Work).Sum(d => d.Targets.Sum(u => u.KeyCount ?? 0)),
        };
    }

    /// <inheritdoc />
    public override DeleteRow Row(DeleteDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var ids = decision.Action is DeleteAction.Delete or DeleteAction.AlreadyDone ? string.Join(';', decision.Ids) : string.Empty;
        return new DeleteRow(decision.Email, ids, decision.Action is DeleteAction.Delete or DeleteAction.AlreadyDone ? null : decision.Reason ?? FailureReasons.DeleteApiError);
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<DeleteRow> Row)> Unfinished(RunPlan<DeleteDecision>? plan, string reason) =>
        plan is null
            ? _rows.Select(row => (row.Line, (Func<DeleteRow>)(() => new DeleteRow(row.Email, string.Empty, reason))))
            : plan.Decisions.Select(d => (d.Line, (Func<DeleteRow>)(() => new DeleteRow(d.Email, d.Action == DeleteAction.Delete ? string.Join(';', d.Ids) : string.Empty, reason))));

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<DeleteDecision> work, RunExecution<DeleteRow> run) => _executor.ExecuteAsync(work, run);

    /// <inheritdoc />
    public override void JournalPlan(RunJournal journal, RunPlan<DeleteDecision> plan)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (_chosen is { } chosen && _chosenFresh)
        {
            // The users chosen without a CSV: once some are deleted, a rerun could not choose them again.
            journal.Plan(chosen, DeleteJsonContext.Default.DisabledCandidate);
        }
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(RunExecution<DeleteRow> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_options.Verify)
        {
            return;
        }

        run.Progress.StartPhase("Checking team rosters", 0);
        _sweep = await StaleRosterSweep.RunAsync(run.Client, _executor.Deleted, run.Scheduler, run.Observers, run.Log, run.Stop, run.Abort).ConfigureAwait(false);
        if (_sweep.Removed > 0)
        {
            run.Log.Info(string.Create(CultureInfo.InvariantCulture, $"Removed {_sweep.Removed} stale team memberships: this LiteLLM release left deleted users on team rosters (fleet row 2; fixed by PR #12926)."));
        }
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, int> Counters => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [DeleteJob.VerifiedCounter] = _executor.Verified,
        [DeleteJob.StillThereCounter] = _executor.StillThere,
        [DeleteJob.StaleRemovedCounter] = _sweep?.Removed ?? 0,
        [DeleteJob.StaleFailedCounter] = _sweep?.Failed ?? 0,
    };

    /// <inheritdoc />
    public override void WritePlan(string path, RunPlan<DeleteDecision> plan, Preflight preflight)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(preflight);
        var input = InputFile;
        var hash = !_choose && File.Exists(input) ? RunIdentity.Sha256Of(input) : string.Empty;
        var document = DeletePlanDocument.From(plan.Decisions, Context.Client.Endpoint, _choose ? string.Empty : _options.CsvFile, hash, preflight.ServerUsers, _options.Time.GetUtcNow());
        document.Sign(_options.Operator, _options.RequireApproval);
        document.DisabledBefore = _options.DisabledBefore;
        document.Save(path);
    }

    /// <summary>--disabled-before without a CSV: the users chosen now, or those the interrupted run chose (journaled). False when the user list never held still.</summary>
    private async Task<bool> ChooseAsync(DisabledSelection selection, PlanInputs<DeleteRow> inputs, CancellationToken cancellationToken)
    {
        _chosen = inputs.Resume?.Plan is { } journaled
            ? [.. journaled.Select(e => e.Deserialize(DeleteJsonContext.Default.DisabledCandidate)!)]
            : await selection.ChooseAsync(Context.Users, inputs.Preflight.ServerUsers, cancellationToken).ConfigureAwait(false);
        if (_chosen is null)
        {
            return false;
        }

        _chosenFresh = inputs.Resume?.Plan is null;
        _rows = [.. _chosen.Select(c => new EmailInputRow(c.Line, c.Email ?? string.Empty, null))];
        Context.Log.Info(string.Create(CultureInfo.InvariantCulture, $"--disabled-before {DisabledSelection.Describe(selection.Age)}: {_chosen.Count} users disabled by litellm-users on or before {selection.Cutoff:u}{(inputs.Resume?.Plan is null ? string.Empty : " (as the interrupted run chose them)")}."));
        return true;
    }

    /// <summary>
    /// The rows of a reviewed plan, checked as a whole (<see cref="Plans.PlanRows"/>): a line that repeats an earlier line, or an
    /// email or user another delete row already has, is a row that deletes nothing.
    /// </summary>
    private static List<EmailInputRow> RowsOf(DeletePlanDocument plan) =>
        [.. Plans.PlanRows.Check(plan.Rows, r => r.Line, r => r.Email, r => r.Action == DeleteAction.Delete ? r.Ids : null, "deleted")
            .Select(r => new EmailInputRow(r.Line, r.Email, null, r.Problem))];
}
