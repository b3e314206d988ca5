using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>The users of one output row, for <see cref="UserRowRunner"/>.</summary>
/// <param name="Line">The row.</param>
/// <param name="UserIds">Its users, in order.</param>
internal sealed record UserRowWork(int Line, IReadOnlyList<string> UserIds);

/// <summary>
/// Runs a change that is made user by user (disable, enable) over the rows of a run: it re-reads the
/// users just before changing them (<see cref="Chunk"/> ids per <c>/user/list</c>, so the metadata and
/// role a change starts from are seconds old, not as old as the plan), changes them a few at a time
/// through the run's scheduler, journals each user's intent before its first change, and writes each
/// row once all its users have an outcome. A user gone by then fails its row: it vanished.
/// </summary>
internal static class UserRowRunner
{
    /// <summary>Users re-read per request (and changed before the next read).</summary>
    public const int Chunk = 100;

    /// <summary>Runs <paramref name="change"/> for every user of <paramref name="rows"/>.</summary>
    /// <param name="rows">The rows and their users.</param>
    /// <param name="run">The run.</param>
    /// <param name="change">Changes one user: the user as just read, whether an interrupted run already sent a change for it, the intent to call before the first change.</param>
    /// <param name="emit">Writes a row from its users' outcomes (in the row's order).</param>
    public static async Task RunAsync<TRow>(
        IReadOnlyList<UserRowWork> rows,
        RunExecution<TRow> run,
        Func<LiteLlmUser, bool, Action, Task<UserOutcome>> change,
        Action<UserRowWork, IReadOnlyList<UserOutcome>> emit)
        where TRow : class, IResultRow<TRow>
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(emit);
        var byId = new Dictionary<string, RowState>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var state = new RowState(row);
            foreach (var id in row.UserIds)
            {
                byId[id] = state;
            }
        }

        run.Progress.StartPhase("Changing users", byId.Count);
        foreach (var chunk in byId.Keys.Chunk(Chunk))
        {
            if (run.Stop.IsCancellationRequested || run.Scheduler.Fatal is not null)
            {
                return;
            }

            IReadOnlyDictionary<string, LiteLlmUser> current;
            try
            {
                current = await run.Users.FetchByIdsAsync(chunk, run.Stop).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                // The rows not done get the run's reason (and the journal keeps what a rerun needs).
                await run.Scheduler.HaltAsync(failure).ConfigureAwait(false);
                return;
            }

            await run.Scheduler.ForEachAsync(
                chunk,
                async id =>
                {
                    var state = byId[id];
                    var outcome = current.TryGetValue(id, out var user)
                        ? await change(user, run.SentBefore.Contains(id), () => run.Intent([(state.Row.Line, (IReadOnlyList<string>)[id])])).ConfigureAwait(false)
                        : UserOutcome.Failed(id, FailureReasons.Vanished);
                    run.Progress.Step();
                    if (state.Settle(outcome) is { } outcomes)
                    {
                        emit(state.Row, outcomes);
                    }
                },
                run.Stop,
                run.Abort).ConfigureAwait(false);
        }
    }

    /// <summary>A row and the outcomes of its users so far.</summary>
    private sealed class RowState(UserRowWork row)
    {
        private readonly Dictionary<string, UserOutcome> _outcomes = new(StringComparer.Ordinal);

        public UserRowWork Row { get; } = row;

        /// <summary>Records an outcome; returns every outcome, in the row's order, when it was the last.</summary>
        public IReadOnlyList<UserOutcome>? Settle(UserOutcome outcome)
        {
            lock (_outcomes)
            {
                _outcomes[outcome.UserId] = outcome;
                return Row.UserIds.All(_outcomes.ContainsKey) ? [.. Row.UserIds.Select(id => _outcomes[id])] : null;
            }
        }
    }
}
