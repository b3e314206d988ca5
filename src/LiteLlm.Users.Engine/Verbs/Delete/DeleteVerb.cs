using System.Globalization;
using LiteLlm.Admin.Users;
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
    private readonly IReadOnlyList<DeleteInputRow> _rows;
    private readonly DeletePlanDocument? _reviewed;
    private readonly DeleteExecutor _executor;
    private SweepResult? _sweep;

    /// <summary>Creates the verb over the rows of a CSV, or over the rows of a reviewed plan.</summary>
    public DeleteVerb(RunContext context, DeleteJob options, IReadOnlyList<DeleteInputRow>? rows, DeletePlanDocument? reviewed)
        : base(context, options)
    {
        _options = options;
        _reviewed = reviewed;
        _rows = reviewed is null ? rows ?? throw new ArgumentNullException(nameof(rows)) : RowsOf(reviewed);
        _executor = new DeleteExecutor(options);
    }

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
        var done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [];
        var intents = inputs.Resume?.Intents ?? new Dictionary<int, IReadOnlyList<string>>();
        var pending = _rows.Where(r => !done.Contains(r.Line) && r.Problem is null && r.DuplicateOf is null).ToList();

        // Re-read the users an interrupted run sent a delete for, and those a reviewed plan names.
        var reviewed = _reviewed?.Rows.GroupBy(r => r.Line).ToDictionary(g => g.Key, g => g.First());
        var ids = pending.Where(r => intents.ContainsKey(r.Line)).SelectMany(r => intents[r.Line])
            .Concat(pending.Where(r => !intents.ContainsKey(r.Line) && reviewed is not null && reviewed.TryGetValue(r.Line, out var p) && p.Action == DeleteAction.Delete)
                .SelectMany(r => reviewed![r.Line].Users.Select(u => u.UserId)))
            .ToList();
        var current = ids.Count == 0 ? new Dictionary<string, LiteLlmUser>() : await Context.Users.FetchByIdsAsync(ids, cancellationToken).ConfigureAwait(false);

        var toResolve = reviewed is null ? pending.Where(r => !intents.ContainsKey(r.Line)).ToList() : [];
        Context.Progress.StartPhase("Resolving emails", toResolve.Count);
        var resolution = await Context.Users.ResolveAsync([.. toResolve.Select(r => r.Key).Distinct(StringComparer.Ordinal)], inputs.Preflight.ServerUsers, _options.Strategy, cancellationToken).ConfigureAwait(false);

        var decisions = DeletePlanner.Plan(new DeletePlanInput
        {
            Rows = _rows,
            Resolution = resolution,
            Reviewed = reviewed,
            Current = current,
            Done = done,
            Intents = intents,
            AllMatches = _options.AllMatches,
            Protection = _options.Protection.WithCaller(inputs.Preflight.CallerUserId),
        });
        return new RunPlan<DeleteDecision>(decisions)
        {
            Strategy = toResolve.Count > 0 ? resolution.Strategy : null,
            RemovalKeys = decisions.Where(d => ((IDecision)d).Kind == DecisionKind.Work).Sum(d => d.Targets.Sum(u => u.KeyCount ?? 0)),
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
    public override IEnumerable<(int Line, Func<DeleteRow> Row)> Unfinished(RunPlan<DeleteDecision>? plan, string reason)
    {
        var planned = plan?.Decisions.ToDictionary(d => d.Line);
        return _rows.Select(row => (row.Line, (Func<DeleteRow>)(() =>
            new DeleteRow(row.Email, planned is not null && planned.TryGetValue(row.Line, out var d) && d.Action == DeleteAction.Delete ? string.Join(';', d.Ids) : string.Empty, reason))));
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<DeleteDecision> work, RunExecution<DeleteRow> run) => _executor.ExecuteAsync(work, run);

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
        var hash = File.Exists(input) ? RunIdentity.Sha256Of(input) : string.Empty;
        DeletePlanDocument.From(plan.Decisions, Context.Client.Endpoint, _options.CsvFile, hash, preflight.ServerUsers, _options.Time.GetUtcNow()).Save(path);
    }

    /// <summary>
    /// The rows of a reviewed plan, checked as a whole: a line that repeats an earlier line, or an
    /// email or user another delete row already has, is a row that deletes nothing.
    /// </summary>
    private static List<DeleteInputRow> RowsOf(DeletePlanDocument plan)
    {
        var rows = new List<DeleteInputRow>(plan.Rows.Count);
        var lines = new HashSet<int>();
        var emails = new Dictionary<string, int>(StringComparer.Ordinal);
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = plan.Rows.Count == 0 ? 1 : plan.Rows.Max(r => r.Line) + 1;
        foreach (var planned in plan.Rows)
        {
            if (!lines.Add(planned.Line))
            {
                rows.Add(new DeleteInputRow(next++, planned.Email, null, string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (line {planned.Line} appears twice); nothing deleted for this row")));
                continue;
            }

            string? problem = null;
            if (planned.Action == DeleteAction.Delete)
            {
                var key = EmailKey.Normalize(planned.Email);
                if (emails.TryGetValue(key, out var first))
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (the email of line {first}); nothing deleted for this row");
                }
                else if (planned.Users.FirstOrDefault(u => users.ContainsKey(u.UserId)) is { } twice)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (user {twice.UserId} is also on line {users[twice.UserId]}); nothing deleted for this row");
                }
                else
                {
                    emails[key] = planned.Line;
                    foreach (var user in planned.Users)
                    {
                        users[user.UserId] = planned.Line;
                    }
                }
            }

            rows.Add(new DeleteInputRow(planned.Line, planned.Email, null, problem));
        }

        return rows;
    }
}
