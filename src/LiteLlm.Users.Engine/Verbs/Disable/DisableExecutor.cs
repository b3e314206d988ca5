using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>
/// Disables the users of the planned rows with <see cref="UserDisabler"/> (re-read just before, a few
/// at a time) and writes each row once all its users have an outcome: <c>Disabled</c> when this run
/// changed one of them, <c>Disabled (already)</c> when none needed anything, else the first failure
/// (saying what was done when only part of the row was).
/// </summary>
internal sealed class DisableExecutor(DisableJob options)
{
    /// <summary>Runs the disables.</summary>
    public Task ExecuteAsync(IReadOnlyList<DisableDecision> work, RunExecution<DisableRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);
        var disabler = new UserDisabler(run.Client, run.Observers, options.Operator, options.Time);
        var rows = work.ToDictionary(d => d.Line);
        return UserRowRunner.RunAsync(
            [.. work.Select(d => new UserRowWork(d.Line, d.Ids))],
            run,
            (user, resumed, intent) => disabler.DisableAsync(user, resumed, intent, run.Abort),
            (row, outcomes) => run.Emit(row.Line, RowOf(rows[row.Line], outcomes)));
    }

    /// <summary>The row of a decision whose users all have an outcome.</summary>
    public static DisableRow RowOf(DisableDecision decision, IReadOnlyList<UserOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(outcomes);
        var ids = string.Join(';', decision.Ids);
        var failures = outcomes.Where(o => o.Fate == UserFate.Failed).ToList();
        if (failures.Count == 0)
        {
            return new DisableRow(decision.Email, ids, outcomes.Any(o => o.Fate == UserFate.Changed) ? DisableRow.Disabled : DisableRow.AlreadyDisabled, null);
        }

        var reason = failures[0].Reason ?? UserDisabler.ApiError;
        if (failures.Count < outcomes.Count)
        {
            var done = string.Join(';', outcomes.Where(o => o.Fate != UserFate.Failed).Select(o => o.UserId));
            reason = $"{reason} (partly done: disabled {done}; not disabled {string.Join(';', failures.Select(f => f.UserId))})";
        }

        return new DisableRow(decision.Email, ids, null, reason);
    }
}
