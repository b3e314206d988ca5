using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Plans;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>
/// <c>disable</c> on the run lifecycle: the rows of a CSV (or of a reviewed plan) → resolve the
/// emails (or re-check the plan's users) → <see cref="DisablePlanner"/> → the limit and the question
/// (users not disabled yet) → <see cref="DisableExecutor"/> → <see cref="DisableRow"/>s in two files.
/// </summary>
internal sealed class DisableVerb : RunVerb<DisableDecision, DisableRow>
{
    private readonly DisableJob _options;
    private readonly IReadOnlyList<EmailInputRow> _rows;
    private readonly DisablePlanDocument? _reviewed;
    private readonly DisableExecutor _executor;

    /// <summary>Creates the verb over the rows of a CSV, or over the rows of a reviewed plan.</summary>
    public DisableVerb(RunContext context, DisableJob options, IReadOnlyList<EmailInputRow>? rows, DisablePlanDocument? reviewed)
        : base(context, options)
    {
        _options = options;
        _reviewed = reviewed;
        _rows = reviewed is null ? rows ?? throw new ArgumentNullException(nameof(rows)) : RowsOf(reviewed);
        _executor = new DisableExecutor(options);
    }

    /// <inheritdoc />
    public override string Command => "disable";

    /// <inheritdoc />
    public override string InputFile => _options.PlanFile ?? _options.CsvFile;

    /// <inheritdoc />
    public override int InputRows => _rows.Count;

    /// <inheritdoc />
    public override PreflightNeeds Needs => PreflightNeeds.Caller;

    /// <inheritdoc />
    public override string RemovalAction => "disable";

    /// <inheritdoc />
    public override string ApiErrorWords => Execution.UserDisabler.ApiError;

    /// <inheritdoc />
    public override string NotConfirmedReason => "Not confirmed: nothing was disabled";

    /// <inheritdoc />
    public override async Task<RunPlan<DisableDecision>> PlanAsync(PlanInputs<DisableRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [];
        var pending = _rows.Where(r => !done.Contains(r.Line) && r.Problem is null && r.DuplicateOf is null).ToList();
        var reviewed = _reviewed?.Rows.GroupBy(r => r.Line).ToDictionary(g => g.Key, g => g.First());
        var ids = reviewed is null ? [] : pending.Where(r => reviewed.TryGetValue(r.Line, out var p) && p.Action == DisableAction.Disable).SelectMany(r => reviewed[r.Line].Ids).ToList();
        var current = ids.Count == 0 ? new Dictionary<string, LiteLlmUser>() : await Context.Users.FetchByIdsAsync(ids, cancellationToken).ConfigureAwait(false);

        var toResolve = reviewed is null ? pending : [];
        Context.Progress.StartPhase("Resolving emails", toResolve.Count);
        var resolution = await Context.Users.ResolveAsync([.. toResolve.Select(r => r.Key).Distinct(StringComparer.Ordinal)], inputs.Preflight.ServerUsers, _options.Strategy, cancellationToken).ConfigureAwait(false);
        var decisions = DisablePlanner.Plan(new DisablePlanInput
        {
            Rows = _rows,
            Resolution = resolution,
            Reviewed = reviewed,
            Current = current,
            Done = done,
            AllMatches = _options.AllMatches,
            Protection = _options.Protection.WithCaller(inputs.Preflight.CallerUserId),
        });
        if (Settings.DryRun)
        {
            decisions = await CountOpenKeysAsync(decisions, cancellationToken).ConfigureAwait(false);
        }

        return new RunPlan<DisableDecision>(decisions) { Strategy = toResolve.Count > 0 ? resolution.Strategy : null };
    }

    /// <inheritdoc />
    public override DisableRow Row(DisableDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action switch
        {
            DisableAction.Disable or DisableAction.AlreadyDone => new DisableRow(
                decision.Email,
                string.Join(';', decision.Ids),
                decision.Users.All(u => u.Disabled && u.OpenKeys == 0 && u.Role == Execution.UserDisabler.DisabledRole) ? DisableRow.AlreadyDisabled : DisableRow.Disabled,
                null),
            _ => new DisableRow(decision.Email, string.Empty, null, decision.Reason ?? Execution.UserDisabler.ApiError),
        };
    }

    /// <summary>A dry run's line for a decision, as the CLI prints it.</summary>
    public static string Preview(DisableDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var what = decision.Action switch
        {
            DisableAction.Disable => string.Join(", ", decision.Users.Select(u => u.Disabled && u.OpenKeys == 0
                ? $"{u.UserId} is disabled already"
                : string.Create(CultureInfo.InvariantCulture, $"would disable {u.UserId} (role {u.Role ?? "none"} -> {Execution.UserDisabler.DisabledRole}; {u.OpenKeys} keys to block)"))),
            DisableAction.AlreadyDone => "already done by the interrupted run (see the journal)",
            _ => "would not disable: " + decision.Reason,
        };
        return string.Create(CultureInfo.InvariantCulture, $"line {decision.Line}: {decision.Email} -> {what}");
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<DisableRow> Row)> Unfinished(RunPlan<DisableDecision>? plan, string reason)
    {
        var planned = plan?.Decisions.ToDictionary(d => d.Line);
        return _rows.Select(row => (row.Line, (Func<DisableRow>)(() =>
            new DisableRow(row.Email, planned is not null && planned.TryGetValue(row.Line, out var d) && d.Action == DisableAction.Disable ? string.Join(';', d.Ids) : string.Empty, null, reason))));
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<DisableDecision> work, RunExecution<DisableRow> run) => _executor.ExecuteAsync(work, run);

    /// <inheritdoc />
    public override void WritePlan(string path, RunPlan<DisableDecision> plan, Preflight preflight)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(preflight);
        var hash = File.Exists(InputFile) ? RunIdentity.Sha256Of(InputFile) : string.Empty;
        var document = DisablePlanDocument.From(plan.Decisions, Context.Client.Endpoint, _options.CsvFile, hash, preflight.ServerUsers, _options.Time.GetUtcNow());
        document.Sign(_options.Operator, _options.RequireApproval);
        document.Save(path);
    }

    /// <summary>For a dry run: how many keys of each user to disable are not blocked yet (one key listing per user).</summary>
    private async Task<IReadOnlyList<DisableDecision>> CountOpenKeysAsync(IReadOnlyList<DisableDecision> decisions, CancellationToken cancellationToken)
    {
        var users = decisions.Where(d => d.Action == DisableAction.Disable).SelectMany(d => d.Ids).Distinct(StringComparer.Ordinal).ToList();
        var open = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Context.Progress.StartPhase("Counting keys", users.Count);
        await Parallel.ForEachAsync(
            users,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Concurrency), CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                var keys = await Context.Client.Keys.GetUserKeysAsync(id, ct).ConfigureAwait(false);
                open[id] = keys.Count(k => k.Blocked != true);
                Context.Progress.Step();
            }).ConfigureAwait(false);
        return [.. decisions.Select(d => d.Action == DisableAction.Disable ? d with { Users = [.. d.Users.Select(u => u with { OpenKeys = open.GetValueOrDefault(u.UserId) })] } : d)];
    }

    /// <summary>The rows of a reviewed plan, checked as a whole (<see cref="PlanRows"/>): a repeated line, email or user disables nothing.</summary>
    private static List<EmailInputRow> RowsOf(DisablePlanDocument plan) =>
        PlanRows.Check(plan.Rows, r => r.Line, r => r.Email, r => r.Action == DisableAction.Disable ? r.Ids : null, "disabled");
}
