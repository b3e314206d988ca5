using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>
/// <c>restore</c> on the run lifecycle: the backup's entries (after --only) → check which ids and
/// emails exist (again) → <see cref="RestorePlanner"/> → <see cref="RestoreExecutor"/> → one
/// <see cref="RestoreRow"/> per user in <c>user_restore_result.csv</c>.
/// </summary>
internal sealed class RestoreVerb(RunContext context, RestoreJob options, IReadOnlyList<BackupEntry> entries)
    : RunVerb<RestoreDecision, RestoreRow>(context, options)
{
    private readonly (IReadOnlyList<BackupEntry> Selected, IReadOnlyList<string> Missing) _selection = RestorePlanner.Select(entries, options.Only);
    private readonly SortedList<int, RestoreRow> _rows = [];

    /// <summary>Every row written (or, in a dry run, previewed), in line order.</summary>
    public IReadOnlyList<RestoreRow> Rows
    {
        get
        {
            lock (_rows)
            {
                return [.. _rows.Values];
            }
        }
    }

    /// <inheritdoc />
    public override string Command => "restore";

    /// <inheritdoc />
    public override string InputFile => options.BackupFile;

    /// <inheritdoc />
    public override int InputRows => _selection.Selected.Count + _selection.Missing.Count;

    /// <inheritdoc />
    public override string ApiErrorWords => RestoreExecutor.FailedWords;

    /// <inheritdoc />
    public override async Task<RunPlan<RestoreDecision>> PlanAsync(PlanInputs<RestoreRow> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var selected = _selection.Selected;
        var byId = await Context.Users.FetchByIdsAsync(selected.Select(e => e.Record.User.UserId), cancellationToken).ConfigureAwait(false);
        var emails = selected.Select(e => e.Record.User.UserEmail).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!).ToList();
        var byEmail = await Context.Users.ResolveAsync(emails, inputs.Preflight.ServerUsers, ResolutionStrategy.Auto, cancellationToken).ConfigureAwait(false);
        return new RunPlan<RestoreDecision>(RestorePlanner.Plan(new RestorePlanInput
        {
            Selected = selected,
            Missing = _selection.Missing,
            ById = byId,
            ByEmail = byEmail,
            Done = inputs.Resume?.Rows.Keys.ToHashSet() ?? [],
            SentBefore = inputs.Resume?.IntentIds ?? new HashSet<string>(),
        }));
    }

    /// <inheritdoc />
    public override RestoreRow Row(RestoreDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Entry is not { } entry
            ? new RestoreRow(decision.Line, decision.Email, null, RestoreStatus.Failed, string.Empty, string.Empty, decision.Reason)
            : decision.Action == RestoreAction.Refuse
                ? RestoreExecutor.Row(entry, RestoreStatus.Refused, string.Empty, decision.Reason)
                : RestoreExecutor.Row(entry, RestoreStatus.Restored, RestoreExecutor.Describe(entry.Record.Teams), null);
    }

    /// <inheritdoc />
    public override IEnumerable<(int Line, Func<RestoreRow> Row)> Unfinished(RunPlan<RestoreDecision>? plan, string reason)
    {
        var missing = _selection.Missing;
        for (var i = 0; i < missing.Count; i++)
        {
            var line = RestorePlanner.MissingLine(i, missing.Count);
            var email = missing[i];
            yield return (line, () => new RestoreRow(line, email, null, RestoreStatus.Failed, string.Empty, string.Empty, "Not in the backup file"));
        }

        foreach (var entry in _selection.Selected)
        {
            yield return (entry.Line, () => RestoreExecutor.Row(entry, RestoreStatus.NotProcessed, string.Empty, reason));
        }
    }

    /// <inheritdoc />
    public override void OnRow(int line, RestoreRow row)
    {
        lock (_rows)
        {
            _rows[line] = row;
        }
    }

    /// <inheritdoc />
    public override Task ExecuteAsync(IReadOnlyList<RestoreDecision> work, RunExecution<RestoreRow> run) => RestoreExecutor.ExecuteAsync(work, run);
}
