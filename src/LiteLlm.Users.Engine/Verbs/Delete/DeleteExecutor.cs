using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// Deletes the users of the planned rows, in batches across rows, and writes each row once all its
/// users have an outcome: <c>Deleted</c> when every one is gone, else the first failure (saying what
/// was done when only part of the row was).
/// </summary>
internal sealed class DeleteExecutor(DeleteJob options)
{
    private readonly List<DeletedUser> _deleted = [];
    private UserDeleter? _deleter;

    /// <summary>The route the deletes went through, once chosen.</summary>
    public UserWriteRoute? Route { get; private set; }

    /// <summary>Users this run deleted (or its interrupted attempt did), for the roster sweep.</summary>
    public IReadOnlyList<DeletedUser> Deleted
    {
        get
        {
            lock (_deleted)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>Users confirmed gone after their batch.</summary>
    public int Verified => _deleter?.Verified ?? 0;

    /// <summary>Users the proxy reported deleted but that were still listed (error rows).</summary>
    public int StillThere => _deleter?.StillThere ?? 0;

    /// <summary>Runs the deletes.</summary>
    public async Task ExecuteAsync(IReadOnlyList<DeleteDecision> work, RunExecution<DeleteRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);
        var rows = work.Select(d => new RowWork(d)).ToList();
        var byId = new Dictionary<string, RowWork>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var user in row.Decision.Targets)
            {
                byId[user.UserId] = row;
            }

            // Deleted by the interrupted run, after its intent: recorded now (the audit log keeps each change once).
            foreach (var id in row.Decision.DeletedBefore)
            {
                var email = row.Decision.Users.FirstOrDefault(u => u.UserId == id)?.Email ?? row.Decision.Email;
                run.Observers.After(new ChangeRecord(ChangeKind.Delete, id, email, true, DeleteRow.Deleted));
                row.Fates[id] = new IdOutcome(id, IdFate.Done, null);
                Remember(id, email);
            }

            if (row.IsSettled)
            {
                Emit(run, row);
            }
        }

        var targets = rows.Where(r => !r.IsSettled).SelectMany(r => r.Decision.Targets).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        try
        {
            Route = await run.Context.RouteAsync(options.Endpoint, delete: true, run.Stop).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            throw new RunAbortedException(failure);
        }

        var checks = new DeleteChecks(options.Verify, ExplainKeys: true, BackupTaken: options.Safety?.TakesBackups);
        _deleter = new UserDeleter(run.Context, Route.Value, run.SentBefore, checks);
        await _deleter.DeleteAllAsync(
            targets,
            options.BatchSize,
            run.Scheduler,
            run.Locks,
            run.Observers,
            // Each row's intent names all of its users, so a rerun finishes exactly that row.
            ids => run.Intent(ids.Select(id => byId[id]).Distinct().Select(w => (w.Decision.Line, w.Decision.Ids))),
            (outcome, user) =>
            {
                if (outcome.Fate == IdFate.Done)
                {
                    Remember(user.UserId, user.UserEmail);
                }

                var row = byId[outcome.UserId];
                lock (row)
                {
                    row.Fates[outcome.UserId] = outcome;
                    if (!row.IsSettled)
                    {
                        return;
                    }
                }

                Emit(run, row);
            },
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }

    private void Remember(string userId, string? email)
    {
        lock (_deleted)
        {
            _deleted.Add(new DeletedUser(userId, email));
        }
    }

    private static void Emit(RunExecution<DeleteRow> run, RowWork row)
    {
        lock (row)
        {
            if (row.Emitted)
            {
                return;
            }

            row.Emitted = true;
        }

        var decision = row.Decision;
        var ids = string.Join(';', decision.Ids);
        var failures = decision.Ids.Select(id => row.Fates[id]).Where(f => f.Fate != IdFate.Done).ToList();
        if (failures.Count == 0)
        {
            run.Emit(decision.Line, new DeleteRow(decision.Email, ids, null));
            return;
        }

        var reason = failures[0].Reason ?? FailureReasons.DeleteApiError;
        if (failures.Count < decision.Ids.Count)
        {
            var deleted = string.Join(';', decision.Ids.Where(id => row.Fates[id].Fate == IdFate.Done));
            reason = $"{reason} (partly done: deleted {deleted}; not deleted {string.Join(';', failures.Select(f => f.UserId))})";
        }

        run.Emit(decision.Line, new DeleteRow(decision.Email, ids, reason));
    }

    /// <summary>The users of one row and what happened to each.</summary>
    private sealed class RowWork(DeleteDecision decision)
    {
        public DeleteDecision Decision { get; } = decision;

        public Dictionary<string, IdOutcome> Fates { get; } = new(StringComparer.Ordinal);

        public bool IsSettled => Decision.Users.All(u => Fates.ContainsKey(u.UserId));

        public bool Emitted { get; set; }
    }
}
