using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>
/// <c>add</c> on the run lifecycle: the rows of a CSV → look every email up (and re-check the
/// creates an interrupted run sent) → <see cref="AddPlanner"/> → <see cref="AddExecutor"/> →
/// <see cref="AddRow"/>s in <c>user_reg_result.csv</c> and <c>user_reg_error.csv</c>.
/// </summary>
internal sealed class AddVerb(RunContext context, AddJob options, IReadOnlyList<UserInputRow> rows)
    : RunVerb<AddDecision, AddRow>(context, options)
{
    private readonly AddExecutor _executor = new(options);
    private Matching.TeamDirectory _teams = Matching.TeamDirectory.Empty;

    /// <inheritdoc />
    public override string Command => "add";

    /// <inheritdoc />
    public override string InputFile => options.CsvFile;

    /// <inheritdoc />
    public override int InputRows => rows.Count;

    /// <inheritdoc />
    public override PreflightNeeds Needs => rows.Any(r => r.Problem is null && r.Teams.Count > 0) ? PreflightNeeds.Teams : PreflightNeeds.None;

    /// <inheritdoc />
    public override string ApiErrorWords => UserCreator.CreateApiError;

    /// <inheritdoc />
    public override string? Route => _executor.Route is { } route ? UserWriteRoutes.CreatePath(route) : null;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, int> Counters => new Dictionary<string, int> { ["keys_written"] = _executor.KeysWritten };

    /// <inheritdoc />
    public override IReadOnlyList<Task> PreflightExtras(CancellationToken cancellationToken) =>
        Settings.DryRun ? [] : [Context.RouteAsync(options.Endpoint, delete: false, cancellationToken)];

    /// <inheritdoc />
    public override async Task<RunPlan<AddDecision>> PlanAsync(PlanInputs<AddRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _teams = inputs.Preflight.Teams;
        var done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [];
        var intents = inputs.Resume?.Intents ?? new Dictionary<int, IReadOnlyList<string>>();
        var pending = rows.Where(r => !done.Contains(r.Line) && r.Problem is null && r.DuplicateOf is null).ToList();

        // Rows an interrupted run sent a create for: the journaled id tells whether it landed.
        var sent = pending.Where(r => intents.ContainsKey(r.Line)).SelectMany(r => intents[r.Line]).ToList();
        var landed = sent.Count == 0 ? new Dictionary<string, LiteLlmUser>() : await Context.Users.FetchByIdsAsync(sent, cancellationToken).ConfigureAwait(false);

        // Everything else is looked up by email, over all users, exactly (as delete does).
        var toResolve = pending.Where(r => !(intents.TryGetValue(r.Line, out var ids) && ids.Any(landed.ContainsKey))).ToList();
        Context.Progress.StartPhase("Looking up emails", toResolve.Count);
        var resolution = await Context.Users.ResolveAsync([.. toResolve.Select(r => r.Key).Distinct(StringComparer.Ordinal)], inputs.Preflight.ServerUsers, options.Strategy, cancellationToken).ConfigureAwait(false);
        var decisions = AddPlanner.Plan(new AddPlanInput
        {
            Rows = rows,
            Resolution = resolution,
            Teams = _teams,
            Done = done,
            Intents = intents,
            Landed = landed,
            DefaultRole = options.DefaultRole,
            UpdateExisting = options.UpdateExisting,
        });
        return new RunPlan<AddDecision>(decisions) { Strategy = toResolve.Count > 0 ? resolution.Strategy : null };
    }

    /// <inheritdoc />
    public override AddRow Row(AddDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action switch
        {
            AddAction.Invalid or AddAction.Duplicate => AddRow.Failure(decision.Email, string.Empty, decision.Role, decision.Reason!),
            AddAction.Exists => AddRow.Success(decision.Email, AddRow.Exists, decision.Existing, null, _teams),
            AddAction.Update => AddRow.Success(decision.Email, AddRow.Updated, decision.Existing, null, _teams),
            _ => AddRow.Success(decision.Email, AddRow.Created, [new LiteLlmUser { UserId = decision.NewId ?? (decision.Existing.Count > 0 ? decision.Existing[0].UserId : null) ?? string.Empty, UserRole = decision.Role }], null, _teams),
        };
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<AddRow> Row)> Unfinished(RunPlan<AddDecision>? plan, string reason)
    {
        var roles = plan?.Decisions.ToDictionary(p => p.Line, p => p.Role);
        return rows.Select(row => (row.Line, (Func<AddRow>)(() =>
            AddRow.Failure(row.Email, string.Empty, roles is not null && roles.TryGetValue(row.Line, out var role) ? role : row.Role ?? options.DefaultRole, reason))));
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<AddDecision> work, RunExecution<AddRow> run) => _executor.ExecuteAsync(work, run);
}
