using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Applies a <see cref="UserChange"/> to a user just read, in LiteLLM's own way: the fields with
/// <c>/user/update</c> on that user's id (never another: LiteLLM's update creates a user for an
/// unknown id), then each team to join with <c>/team/member_add</c> and each team to leave with
/// <c>/team/member_delete</c> (both keep the user's <c>teams</c> and the team's roster in step, as
/// LiteLLM's UI does). The user keeps its id and keys; it is never deleted and recreated. Each step
/// is told to the observers; team steps hold that team's lock.
/// </summary>
internal sealed class UserUpdater
{
    /// <summary>Words of an unclassified update failure.</summary>
    public const string UpdateApiError = "Failed to update user (API error)";

    /// <summary>Result word of a successful update, in the audit log.</summary>
    public const string Updated = "Updated";

    private readonly LiteLlmAdminClient _client;
    private readonly TeamLocks _locks;
    private readonly IReadOnlyList<IChangeObserver> _observers;
    private readonly TeamDirectory _teams;

    /// <summary>Creates an updater.</summary>
    public UserUpdater(LiteLlmAdminClient client, TeamLocks locks, IReadOnlyList<IChangeObserver> observers, TeamDirectory teams)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _locks = locks ?? throw new ArgumentNullException(nameof(locks));
        _observers = observers ?? throw new ArgumentNullException(nameof(observers));
        _teams = teams ?? throw new ArgumentNullException(nameof(teams));
    }

    /// <summary>Applies <paramref name="change"/> to <paramref name="user"/>.</summary>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone.</exception>
    public async Task<UpdateOutcome> ApplyAsync(LiteLlmUser user, UserChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(change);
        var updated = user;
        var teams = (user.Teams ?? []).ToList();
        LiteLlmUser Now() => new() { UserId = user.UserId, UserEmail = user.UserEmail, UserRole = updated.UserRole, Teams = teams, Models = updated.Models };
        try
        {
            if (change.Request is { } request)
            {
                await _observers.BeforeAsync(ChangeKind.Update, [user], cancellationToken).ConfigureAwait(false);
                var answer = await _client.Users.UpdateAsync(request, cancellationToken).ConfigureAwait(false);
                updated = answer.Data ?? user;
                teams = [.. updated.Teams ?? teams];
                _observers.After(new ChangeRecord(ChangeKind.Update, user.UserId, user.UserEmail, true, Updated));
            }

            foreach (var teamId in change.TeamsToJoin)
            {
                using (await _locks.AcquireAsync([teamId], cancellationToken).ConfigureAwait(false))
                {
                    await _observers.BeforeAsync(ChangeKind.TeamAdd, [user], cancellationToken).ConfigureAwait(false);
                    await _client.Teams.AddMemberAsync(teamId, new TeamMember { UserId = user.UserId, Role = "user" }, cancellationToken).ConfigureAwait(false);
                    teams = [.. teams.Union([teamId], StringComparer.Ordinal)];
                    _observers.After(new ChangeRecord(ChangeKind.TeamAdd, user.UserId, user.UserEmail, true, "Added to team " + _teams.Describe(teamId)));
                }
            }

            foreach (var teamId in change.TeamsToLeave)
            {
                using (await _locks.AcquireAsync([teamId], cancellationToken).ConfigureAwait(false))
                {
                    await _observers.BeforeAsync(ChangeKind.TeamRemove, [user], cancellationToken).ConfigureAwait(false);
                    await _client.Teams.RemoveMemberAsync(teamId, user.UserId, cancellationToken: cancellationToken).ConfigureAwait(false);
                    teams.Remove(teamId);
                    _observers.After(new ChangeRecord(ChangeKind.TeamRemove, user.UserId, user.UserEmail, true, "Removed from team " + _teams.Describe(teamId)));
                }
            }
        }
        catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
        {
            throw new RunAbortedException(failure);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            var reason = FailureReasons.Describe(failure, UpdateApiError);
            _observers.After(new ChangeRecord(ChangeKind.Update, user.UserId, user.UserEmail, false, reason));
            return new UpdateOutcome(Now(), reason);
        }

        return new UpdateOutcome(Now(), null);
    }
}
