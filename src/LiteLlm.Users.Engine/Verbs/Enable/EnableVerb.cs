using System.Globalization;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>
/// <c>enable</c> on the run lifecycle: the rows of a CSV → resolve the emails → <see cref="EnablePlanner"/>
/// (each user must carry disable's record) → <see cref="EnableExecutor"/> → <see cref="EnableRow"/>s in two files.
/// Enabling takes no one out of use, so no removal limit or question applies.
/// </summary>
internal sealed class EnableVerb(RunContext context, EnableJob options, IReadOnlyList<EmailInputRow> rows)
    : RunVerb<EnableDecision, EnableRow>(context, options)
{
    private readonly EnableExecutor _executor = new(options);

    /// <inheritdoc />
    public override string Command => "enable";

    /// <inheritdoc />
    public override string InputFile => options.CsvFile;

    /// <inheritdoc />
    public override int InputRows => rows.Count;

    /// <inheritdoc />
    public override string ApiErrorWords => UserEnabler.ApiError;

    /// <inheritdoc />
    public override async Task<RunPlan<EnableDecision>> PlanAsync(PlanInputs<EnableRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [];
        var pending = rows.Where(r => !done.Contains(r.Line) && r.Problem is null && r.DuplicateOf is null).ToList();
        Context.Progress.StartPhase("Resolving emails", pending.Count);
        var resolution = await Context.Users.ResolveAsync([.. pending.Select(r => r.Key).Distinct(StringComparer.Ordinal)], inputs.Preflight.ServerUsers, options.Strategy, cancellationToken).ConfigureAwait(false);
        var checker = new UserEnabler(Context.Client, [], options.Protection.IncludeAdmins);
        var decisions = EnablePlanner.Plan(new EnablePlanInput
        {
            Rows = rows,
            Resolution = resolution,
            WhyNot = checker.WhyNot,
            Done = done,
            SentBefore = inputs.Resume?.IntentIds ?? new HashSet<string>(),
            AllMatches = options.AllMatches,
        });
        return new RunPlan<EnableDecision>(decisions) { Strategy = pending.Count > 0 ? resolution.Strategy : null };
    }

    /// <inheritdoc />
    public override EnableRow Row(EnableDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action is EnableAction.Enable or EnableAction.AlreadyDone
            ? new EnableRow(decision.Email, string.Join(';', decision.Ids), null)
            : new EnableRow(decision.Email, decision.Action == EnableAction.Refused ? string.Join(';', decision.Ids) : string.Empty, decision.Reason ?? UserEnabler.ApiError);
    }

    /// <summary>A dry run's line for a decision, as the CLI prints it.</summary>
    public static string Preview(EnableDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var what = decision.Action switch
        {
            EnableAction.Enable => string.Create(CultureInfo.InvariantCulture, $"would enable {string.Join(", ", decision.Ids.Zip(decision.Roles, (id, role) => $"{id} (role back to {role})"))}; {decision.Keys} recorded keys to unblock"),
            EnableAction.AlreadyDone => "already done by the interrupted run (see the journal)",
            _ => "would not enable: " + decision.Reason,
        };
        return string.Create(CultureInfo.InvariantCulture, $"line {decision.Line}: {decision.Email} -> {what}");
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<EnableRow> Row)> Unfinished(RunPlan<EnableDecision>? plan, string reason)
    {
        var planned = plan?.Decisions.ToDictionary(d => d.Line);
        return rows.Select(row => (row.Line, (Func<EnableRow>)(() =>
            new EnableRow(row.Email, planned is not null && planned.TryGetValue(row.Line, out var d) && d.Action == EnableAction.Enable ? string.Join(';', d.Ids) : string.Empty, reason))));
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<EnableDecision> work, RunExecution<EnableRow> run) => _executor.ExecuteAsync(work, run);
}
