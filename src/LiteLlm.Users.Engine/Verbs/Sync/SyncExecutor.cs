using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>Does a sync's changes in a safe order: adds, then updates (fields, then team joins and leaves), then removals last.</summary>
internal sealed class SyncExecutor(SyncJob options)
{
    /// <summary>Runs the changes.</summary>
    public async Task ExecuteAsync(IReadOnlyList<SyncDecision> work, RunExecution<SyncRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);

        // 0. Changes the interrupted run made but did not report: recorded now (the audit log keeps each once).
        foreach (var planned in work.Where(p => p.Work == SyncWork.Confirm))
        {
            var kind = planned.Action == SyncAction.Deleted ? ChangeKind.Delete : ChangeKind.Create;
            run.Observers.After(new ChangeRecord(kind, planned.UserId, planned.Email, true, kind == ChangeKind.Delete ? "Deleted" : "Created"));
            Emit(run, planned, SyncStatus.Success, planned.User, null);
        }

        await CreateAsync(work, run).ConfigureAwait(false);
        await UpdateAsync(work, run).ConfigureAwait(false);
        await RemoveAsync(work, run).ConfigureAwait(false);
    }

    private async Task CreateAsync(IReadOnlyList<SyncDecision> work, RunExecution<SyncRow> run)
    {
        var creates = work.Where(p => p.Work == SyncWork.Create).ToDictionary(p => p.UserId!, StringComparer.Ordinal);
        if (creates.Count == 0)
        {
            return;
        }

        var route = await Probe(() => run.Context.RouteAsync(options.CreateEndpoint, delete: false, run.Stop)).ConfigureAwait(false);
        await new UserCreator(run.Context, route, run.SentBefore).CreateAllAsync(
            [.. creates.Values.Select(p => p.Input!.ToCreateRequest(p.UserId!, p.Role!, p.NewTeams, createKey: false))],
            null,
            run.Scheduler,
            run.Locks,
            run.Observers,
            ids => run.Intent(ids.Select(id => (creates[id].Line, (IReadOnlyList<string>)[id]))),
            (request, outcome) =>
            {
                var planned = creates[request.UserId!];
                Emit(run, planned, outcome.Created ? SyncStatus.Success : SyncStatus.Failed, outcome.Created ? AsPlanned(planned) : null, outcome.Reason);
                return Task.CompletedTask;
            },
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(IReadOnlyList<SyncDecision> work, RunExecution<SyncRow> run)
    {
        var updates = work.Where(p => p.Work == SyncWork.Update).ToList();
        var updater = new UserUpdater(run.Client, run.Locks, run.Observers, run.Preflight.Teams);
        run.Progress.StartPhase("Updating", updates.Count);
        await run.Scheduler.ForEachAsync(
            updates,
            async planned =>
            {
                var outcome = await updater.ApplyAsync(planned.User!, planned.Change!, run.Abort).ConfigureAwait(false);
                Emit(run, planned, outcome.Succeeded ? SyncStatus.Success : SyncStatus.Failed, outcome.User, outcome.Reason);
                run.Progress.Step();
            },
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }

    private async Task RemoveAsync(IReadOnlyList<SyncDecision> work, RunExecution<SyncRow> run)
    {
        var removals = work.Where(p => p.Work == SyncWork.Remove).ToDictionary(p => p.User!.UserId, StringComparer.Ordinal);
        if (removals.Count == 0)
        {
            return;
        }

        if (options.Mode.DisableRemovals)
        {
            await DisableAsync(removals, run).ConfigureAwait(false);
            return;
        }

        var route = await Probe(() => run.Context.RouteAsync(options.DeleteEndpoint, delete: true, run.Stop)).ConfigureAwait(false);
        await new UserDeleter(run.Context, route, run.SentBefore).DeleteAllAsync(
            removals.Values.Select(p => p.User!),
            null,
            run.Scheduler,
            run.Locks,
            run.Observers,
            ids => run.Intent(ids.Select(id => (removals[id].Line, (IReadOnlyList<string>)[id]))),
            (outcome, user) => Emit(run, removals[outcome.UserId], outcome.Fate == IdFate.Done ? SyncStatus.Success : SyncStatus.Failed, user, outcome.Reason),
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }

    /// <summary>--remove-mode disable: each removal is disable's (<see cref="UserDisabler"/>), reversible with enable.</summary>
    private Task DisableAsync(Dictionary<string, SyncDecision> removals, RunExecution<SyncRow> run)
    {
        var disabler = new UserDisabler(run.Client, run.Observers, options.Operator, options.Time);
        return UserRowRunner.RunAsync(
            [.. removals.Values.Select(p => new UserRowWork(p.Line, [p.User!.UserId]))],
            run,
            (user, resumed, intent) => disabler.DisableAsync(user, resumed, intent, run.Abort),
            (row, outcomes) =>
            {
                var planned = removals[row.UserIds[0]];
                var outcome = outcomes[0];
                var user = outcome.Fate == UserFate.Failed ? planned.User : new LiteLlmUser { UserId = planned.User!.UserId, UserEmail = planned.User.UserEmail, UserRole = UserDisabler.DisabledRole, Teams = planned.User.Teams };
                Emit(run, planned, outcome.Fate == UserFate.Failed ? SyncStatus.Failed : SyncStatus.Success, user, outcome.Fate == UserFate.Unchanged ? "Disabled already" : outcome.Reason);
            });
    }

    /// <summary>Writes a row's outcome: action, email, user_id, role and teams after the run, status, reason.</summary>
    public static void Emit(RunExecution<SyncRow> run, SyncDecision planned, SyncStatus status, LiteLlmUser? user, string? reason) =>
        run.Emit(planned.Line, SyncVerb.RowOf(planned.Action, planned.Email, user, status, reason, run.Preflight.Teams));

    /// <summary>The user as the plan says it will be (for a create that succeeded).</summary>
    private static LiteLlmUser AsPlanned(SyncDecision planned) =>
        new() { UserId = planned.UserId!, UserEmail = planned.Email, UserRole = planned.Role, Teams = planned.Teams };

    private static async Task<T> Probe<T>(Func<Task<T>> probe)
    {
        try
        {
            return await probe().ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            throw new RunAbortedException(failure);
        }
    }
}
