using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>
/// Enables the users of the planned rows with <see cref="UserEnabler"/> (re-read just before, a few at
/// a time) and writes each row once all its users have an outcome: <c>Enabled</c>, else the first
/// failure (saying what was done when only part of the row was).
/// </summary>
internal sealed class EnableExecutor(EnableJob options)
{
    /// <summary>Runs the enables.</summary>
    public Task ExecuteAsync(IReadOnlyList<EnableDecision> work, RunExecution<EnableRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);
        var enabler = new UserEnabler(run.Client, run.Observers, options.Protection.IncludeAdmins);
        var rows = work.ToDictionary(d => d.Line);
        return UserRowRunner.RunAsync(
            [.. work.Select(d => new UserRowWork(d.Line, d.Ids))],
            run,
            async (user, resumed, intent) =>
            {
                if (resumed && enabler.WhyNot(user) == UserEnabler.NotDisabled)
                {
                    // The interrupted run removed the record (its last step) but never reported it: recorded now.
                    run.Observers.After(new ChangeRecord(ChangeKind.Enable, user.UserId, user.UserEmail, true, "Enabled (by the interrupted run)"));
                    return new UserOutcome(user.UserId, UserFate.Changed, null);
                }

                return await enabler.EnableAsync(user, intent, run.Abort).ConfigureAwait(false);
            },
            (row, outcomes) => run.Emit(row.Line, RowOf(rows[row.Line], outcomes)));
    }

    private static EnableRow RowOf(EnableDecision decision, IReadOnlyList<UserOutcome> outcomes)
    {
        var ids = string.Join(';', decision.Ids);
        var failures = outcomes.Where(o => o.Fate == UserFate.Failed).ToList();
        if (failures.Count == 0)
        {
            return new EnableRow(decision.Email, ids, null);
        }

        var reason = failures[0].Reason ?? UserEnabler.ApiError;
        if (failures.Count < outcomes.Count)
        {
            var done = string.Join(';', outcomes.Where(o => o.Fate != UserFate.Failed).Select(o => o.UserId));
            reason = $"{reason} (partly done: enabled {done}; not enabled {string.Join(';', failures.Select(f => f.UserId))})";
        }

        return new EnableRow(decision.Email, ids, reason);
    }
}
