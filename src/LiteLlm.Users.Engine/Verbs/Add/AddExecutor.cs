using LiteLlm.Admin;
using LiteLlm.Admin.Invitations;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>
/// Creates the new users (v1 bulk or <c>/user/new</c>, ids chosen and journaled first), writes
/// their keys and invitation links, then updates the existing users --update-existing changes.
/// </summary>
internal sealed class AddExecutor(AddJob options)
{
    /// <summary>The route the creates went through, once chosen.</summary>
    public UserWriteRoute? Route { get; private set; }

    /// <summary>Keys written to the keys file.</summary>
    public int KeysWritten { get; private set; }

    /// <summary>Runs the creates and updates.</summary>
    public async Task ExecuteAsync(IReadOnlyList<AddDecision> work, RunExecution<AddRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);
        using var keys = options.CreateKeys ? new KeysFile(options.KeysFile, run.Log) : null;
        try
        {
            await CreateAsync(work, run, keys).ConfigureAwait(false);
            await UpdateAsync(work, run).ConfigureAwait(false);
        }
        finally
        {
            KeysWritten = keys?.Count ?? 0;
        }
    }

    private async Task CreateAsync(IReadOnlyList<AddDecision> work, RunExecution<AddRow> run, KeysFile? keys)
    {
        // Created by the interrupted run: recorded now (the audit log keeps each change once), then finished.
        foreach (var planned in work.Where(p => p.Action == AddAction.CreatedBefore))
        {
            var id = planned.Existing[0].UserId;
            run.Observers.After(new ChangeRecord(ChangeKind.Create, id, planned.Email, true, AddRow.Created));
            await FinishCreatedAsync(run, planned, new CreateOutcome(id, true, null, null), keys).ConfigureAwait(false);
        }

        var creates = work.Where(p => p.Action == AddAction.Create).ToDictionary(p => p.NewId!, StringComparer.Ordinal);
        if (creates.Count == 0)
        {
            return;
        }

        try
        {
            Route = await run.Context.RouteAsync(options.Endpoint, delete: false, run.Stop).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            throw new RunAbortedException(failure);
        }

        await new UserCreator(run.Context, Route.Value, run.SentBefore).CreateAllAsync(
            [.. creates.Values.Select(p => p.Input!.ToCreateRequest(p.NewId!, p.Role, p.Teams, options.CreateKeys))],
            options.BatchSize,
            run.Scheduler,
            run.Locks,
            run.Observers,
            ids => run.Intent(ids.Select(id => (creates[id].Line, (IReadOnlyList<string>)[id]))),
            (request, outcome) => FinishCreatedAsync(run, creates[request.UserId!], outcome, keys),
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }

    private async Task FinishCreatedAsync(RunExecution<AddRow> run, AddDecision planned, CreateOutcome outcome, KeysFile? keys)
    {
        if (!outcome.Created)
        {
            run.Emit(planned.Line, AddRow.Failure(planned.Email, string.Empty, planned.Role, outcome.Reason ?? UserCreator.CreateApiError));
            return;
        }

        if (outcome.Key is { } key && keys is not null)
        {
            keys.Append(planned.Email, outcome.UserId, planned.Input!.KeyName, key);
        }
        else if (keys is not null && !keys.Contains(outcome.UserId))
        {
            run.Log.Warn($"The key of {planned.Email} ({outcome.UserId}) is not in {options.KeysFile}: the answer that carried it was lost. Create a new key for this user.");
        }

        string? link = null;
        if (options.Invite)
        {
            try
            {
                var invitation = await run.Client.Invitations.CreateAsync(outcome.UserId, run.Abort).ConfigureAwait(false);
                link = InvitationsClient.LinkFor(run.Client.Endpoint, invitation).AbsoluteUri;
            }
            catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
            {
                throw new RunAbortedException(failure);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                run.Emit(planned.Line, AddRow.Failure(planned.Email, outcome.UserId, planned.Role, "User created, but the invitation failed: " + FailureReasons.Describe(failure, "Failed to create invitation (API error)")));
                return;
            }
        }

        var user = new LiteLlmUser { UserId = outcome.UserId, UserRole = planned.Role, Teams = [.. planned.Teams.Select(t => t.TeamId)], Models = planned.Input!.Models };
        run.Emit(planned.Line, AddRow.Success(planned.Email, AddRow.Created, [user], link, run.Preflight.Teams));
    }

    private static async Task UpdateAsync(IReadOnlyList<AddDecision> work, RunExecution<AddRow> run)
    {
        var updates = work.Where(p => p.Action == AddAction.Update).ToList();
        var updater = new UserUpdater(run.Client, run.Locks, run.Observers, run.Preflight.Teams);
        run.Progress.StartPhase("Updating", updates.Count);
        await run.Scheduler.ForEachAsync(
            updates,
            async planned =>
            {
                var outcome = await updater.ApplyAsync(planned.Existing[0], planned.Change!, run.Abort).ConfigureAwait(false);
                run.Emit(planned.Line, outcome.Succeeded
                    ? AddRow.Success(planned.Email, AddRow.Updated, [outcome.User], null, run.Preflight.Teams)
                    : AddRow.Failure(planned.Email, outcome.User.UserId, planned.Role, outcome.Reason!));
                run.Progress.Step();
            },
            run.Stop,
            run.Abort).ConfigureAwait(false);
    }
}
