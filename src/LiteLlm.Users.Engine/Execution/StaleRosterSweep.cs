using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>A user this run deleted, as the sweep looks for it on team rosters.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's email.</param>
internal sealed record DeletedUser(string UserId, string? Email);

/// <summary>What the sweep found and did.</summary>
/// <param name="Removed">Stale roster entries removed.</param>
/// <param name="Failed">Stale roster entries that could not be removed (each one warned about).</param>
/// <param name="Checked">Whether the rosters could be read at all.</param>
internal sealed record SweepResult(int Removed, int Failed, bool Checked);

/// <summary>
/// After a delete, makes sure no team roster still lists a deleted user: LiteLLM before PR #12926
/// (2025-07; issue #6556, fleet row 2) deletes the user but leaves it in <c>members_with_roles</c>,
/// where the next SSO login can bring it back into the team. One <c>/team/list</c> (LiteLLM's is not
/// paged), then one <c>/team/member_delete</c> per stale entry: by <c>user_id</c>, or by
/// <c>user_email</c> for an entry without an id (what LiteLLM's own cleanup,
/// <c>_cleanup_members_with_roles</c>, matches since that PR). Entries of one team are removed one
/// at a time (LiteLLM rewrites a roster by read-modify-write); each removal is audited.
/// </summary>
internal static class StaleRosterSweep
{
    /// <summary>The audit outcome of a removed entry.</summary>
    public const string RemovedOutcome = "Removed stale team membership";

    /// <summary>Sweeps the rosters for <paramref name="deleted"/>. Never throws for the proxy's answers: what fails is warned about and counted.</summary>
    public static async Task<SweepResult> RunAsync(
        LiteLlmAdminClient client,
        IReadOnlyCollection<DeletedUser> deleted,
        RunScheduler scheduler,
        IReadOnlyList<IChangeObserver> observers,
        IRunLog log,
        CancellationToken stop,
        CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deleted);
        if (deleted.Count == 0)
        {
            return new SweepResult(0, 0, Checked: true);
        }

        IReadOnlyList<LiteLlmTeam> teams;
        try
        {
            teams = await client.Teams.ListAsync(cancellationToken: abort).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            log.Warn($"Could not read the team rosters to check them for deleted users ({FailureReasons.Describe(failure, "Failed to list teams (API error)")}); older LiteLLM releases leave deleted users on rosters.");
            return new SweepResult(0, 0, Checked: false);
        }

        var stale = Find(teams, deleted);
        if (stale.Count == 0)
        {
            log.Debug($"team rosters: {teams.Count} teams checked, no deleted user left on any");
            return new SweepResult(0, 0, Checked: true);
        }

        var removed = 0;
        var failed = 0;
        await scheduler.ForEachAsync(
            stale.GroupBy(s => s.TeamId, StringComparer.Ordinal),
            async team =>
            {
                foreach (var entry in team)
                {
                    switch (await RemoveAsync(client, entry, observers, log, abort).ConfigureAwait(false))
                    {
                        case true:
                            Interlocked.Increment(ref removed);
                            break;
                        case false:
                            Interlocked.Increment(ref failed);
                            break;
                    }
                }
            },
            stop,
            abort).ConfigureAwait(false);
        return new SweepResult(removed, failed, Checked: true);
    }

    /// <summary>The roster entries that still name a deleted user: by id, or (entries without an id) by email, trimmed and ignoring case.</summary>
    public static IReadOnlyList<StaleEntry> Find(IReadOnlyList<LiteLlmTeam> teams, IReadOnlyCollection<DeletedUser> deleted)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(deleted);
        var byId = deleted.ToDictionary(d => d.UserId, StringComparer.Ordinal);
        var byEmail = deleted.Where(d => !string.IsNullOrWhiteSpace(d.Email)).GroupBy(d => EmailKey.Normalize(d.Email), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var stale = new List<StaleEntry>();
        foreach (var team in teams)
        {
            foreach (var member in team.MembersWithRoles ?? [])
            {
                if (member.UserId is { } id && byId.TryGetValue(id, out var user))
                {
                    stale.Add(new StaleEntry(team.TeamId, id, null, user));
                }
                else if (member.UserId is null && !string.IsNullOrWhiteSpace(member.UserEmail) && byEmail.TryGetValue(EmailKey.Normalize(member.UserEmail), out var owner))
                {
                    stale.Add(new StaleEntry(team.TeamId, null, member.UserEmail, owner));
                }
            }
        }

        return stale;
    }

    /// <summary>Removes one entry: true when removed, null when it was gone already, false when it failed.</summary>
    private static async Task<bool?> RemoveAsync(LiteLlmAdminClient client, StaleEntry entry, IReadOnlyList<IChangeObserver> observers, IRunLog log, CancellationToken cancellationToken)
    {
        var what = string.Create(CultureInfo.InvariantCulture, $"{RemovedOutcome}: team {entry.TeamId} still listed the deleted user {(entry.UserId is null ? "by email" : "by id")}");
        try
        {
            await client.Teams.RemoveMemberAsync(entry.TeamId, entry.UserId, entry.UserId is null ? entry.Email : null, cancellationToken).ConfigureAwait(false);
            observers.After(new ChangeRecord(ChangeKind.TeamRemove, entry.User.UserId, entry.User.Email, true, what));
            log.Debug($"{what} ({entry.User.UserId})");
            return true;
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status == 400 && (failure.ServerMessage?.Contains("not found in team", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            // Gone meanwhile (someone else removed it): nothing left to do.
            return null;
        }
        catch (LiteLlmRequestFailedException failure)
        {
            var reason = FailureReasons.Describe(failure, "Failed to remove a stale team membership (API error)");
            observers.After(new ChangeRecord(ChangeKind.TeamRemove, entry.User.UserId, entry.User.Email, false, reason));
            log.Warn($"Team {entry.TeamId} still lists the deleted user {entry.User.UserId} and it could not be removed: {reason}. Remove it by hand (/team/member_delete), or LiteLLM may add the user back at the next SSO login.");
            return false;
        }
    }
}

/// <summary>A roster entry that still names a deleted user.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="UserId">The entry's user id (removed by id), or null.</param>
/// <param name="Email">The entry's email as the roster spells it (removed by email) when it has no id.</param>
/// <param name="User">The deleted user it names.</param>
internal sealed record StaleEntry(string TeamId, string? UserId, string? Email, DeletedUser User);
