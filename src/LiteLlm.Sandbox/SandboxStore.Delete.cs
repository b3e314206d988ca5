namespace LiteLlm.Sandbox;

/// <summary>Outcome of the legacy <c>/user/delete</c>: a count, the first unknown or out-of-scope id, or (older
/// releases, fleet row 1) the foreign key that stopped the row deletes.</summary>
internal readonly record struct LegacyDeleteOutcome(int Deleted, string? NotFoundId, string? OutOfScopeId, bool Committed, string? ForeignKeyFailure = null);

/// <summary>One row of a <c>/management/v1/users/bulk_delete</c> answer.</summary>
internal sealed record BulkDeleteRow(string UserId, string? UserEmail, bool Success, IReadOnlyList<string> TeamsRemoved, string? Error);

public sealed partial class SandboxStore
{
    /// <summary>
    /// Mirrors <c>delete_user</c> in <c>internal_user_endpoints.py</c>: ids are checked in request order and (since
    /// PR #12926, <paramref name="cleanRosters"/>) each known user is taken off the <c>members_with_roles</c> of its
    /// teams immediately (by id or exact email); the first unknown id stops the request with nothing else deleted.
    /// Then, with no transaction: keys, invitation links, org memberships, team memberships, user rows. Links go by
    /// <c>user_id</c>, <c>created_by</c> and <c>updated_by</c> since PR #23115 (<paramref name="removeCreatedLinks"/>);
    /// before it a link the user created or updated makes the user-row delete fail on its foreign key, after
    /// everything else was already deleted (fleet row 1).
    /// </summary>
    internal LegacyDeleteOutcome DeleteUsersLegacy(IReadOnlyList<string> userIds, IReadOnlySet<string>? callerAdminOrgs, long requestSequence, bool cleanRosters = true, bool removeCreatedLinks = true)
    {
        var committed = false;
        foreach (var userId in userIds)
        {
            if (!_users.TryGetValue(userId, out var slot))
            {
                return new LegacyDeleteOutcome(0, userId, null, committed);
            }

            if (callerAdminOrgs is not null && ScopeError(userId, callerAdminOrgs) is not null)
            {
                return new LegacyDeleteOutcome(0, null, userId, committed);
            }

            if (cleanRosters)
            {
                committed |= CleanupRosters(slot.User);
            }
        }

        var unique = new HashSet<string>(userIds, StringComparer.Ordinal);
        var failure = DeleteRows(unique, requestSequence, removeCreatedLinks);
        return failure is null
            ? new LegacyDeleteOutcome(unique.Count, null, null, true)
            : new LegacyDeleteOutcome(0, null, null, true, failure);
    }

    /// <summary>LiteLLM's <c>_cleanup_members_with_roles</c> over the teams in the user's <c>teams</c> array.</summary>
    private bool CleanupRosters(SandboxUser user)
    {
        var changed = false;
        foreach (var teamId in user.Teams)
        {
            if (!_teams.TryGetValue(teamId, out var team))
            {
                continue;
            }

            var kept = team.MembersWithRoles
                .Where(m => m.UserId != user.UserId && !(user.UserEmail is not null && m.UserEmail == user.UserEmail))
                .ToList();
            if (kept.Count != team.MembersWithRoles.Count)
            {
                _teams[teamId] = team with { MembersWithRoles = kept, UpdatedAt = Now };
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>The row deletes both delete endpoints end with, in LiteLLM's order. Returns the foreign key that
    /// stopped the user-row delete (only when <paramref name="removeCreatedLinks"/> is false), else null.</summary>
    private string? DeleteRows(HashSet<string> userIds, long requestSequence, bool removeCreatedLinks = true)
    {
        foreach (var userId in userIds)
        {
            foreach (var key in KeyRowsOf(userId).ToList())
            {
                RemoveKey(key);
            }
        }

        _invitations.RemoveAll(i => userIds.Contains(i.UserId) || (removeCreatedLinks && (userIds.Contains(i.CreatedBy) || userIds.Contains(i.UpdatedBy))));
        _orgMemberships.RemoveAll(m => userIds.Contains(m.UserId));
        _teamMemberships.RemoveUsers(userIds);

        // LiteLLM_InvitationLink.created_by / updated_by reference LiteLLM_UserTable (schema.prisma): Postgres refuses
        // the user rows while such a link is left, and Prisma names the constraint.
        if (_invitations.Find(i => userIds.Contains(i.CreatedBy) || userIds.Contains(i.UpdatedBy)) is { } blocking)
        {
            return userIds.Contains(blocking.CreatedBy) ? "LiteLLM_InvitationLink_created_by_fkey (index)" : "LiteLLM_InvitationLink_updated_by_fkey (index)";
        }

        var now = Now;
        var removed = new List<UserSlot>(userIds.Count);
        foreach (var userId in userIds)
        {
            if (_users.Remove(userId, out var slot))
            {
                slot.Deleted = true;
                UnindexEmail(slot);
                removed.Add(slot);
                _deletions.Add(new DeletionRecord(userId, slot.User.UserEmail, requestSequence, now));
            }
        }

        foreach (var slot in removed)
        {
            _byId.Remove(slot);
            _byCreated.Remove(slot);
        }

        return null;
    }

    /// <summary>
    /// Mirrors <c>bulk_delete_users</c> in <c>management_helpers/bulk_user_deletion.py</c>: one result per
    /// requested id in request order; unknown, repeated and out-of-scope ids are reported per row; the valid
    /// rows are deleted together (all-or-nothing), each taken off every team it is on.
    /// </summary>
    internal IReadOnlyList<BulkDeleteRow> DeleteUsersBulk(IReadOnlyList<string> userIds, IReadOnlySet<string>? callerAdminOrgs, long requestSequence, out bool committed)
    {
        var unique = new HashSet<string>(userIds, StringComparer.Ordinal);
        var errors = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in unique)
        {
            errors[id] = !_users.ContainsKey(id)
                ? $"User id={id} not found"
                : callerAdminOrgs is null ? null : ScopeError(id, callerAdminOrgs);
        }

        var candidates = unique.Where(id => errors[id] is null).OrderBy(id => id, StringComparer.Ordinal).Select(id => _users[id]).ToList();
        var teamsRemoved = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var emails = candidates.ToDictionary(s => s.User.UserId, s => s.User.UserEmail, StringComparer.Ordinal);
        if (candidates.Count > 0)
        {
            var teamsOf = candidates.ToDictionary(
                s => s.User.UserId,
                s => s.User.Teams.Concat(_teamMemberships.TeamsOf(s.User.UserId)).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
            foreach (var teamId in teamsOf.Values.SelectMany(t => t).Distinct().Where(_teams.ContainsKey).OrderBy(t => t, StringComparer.Ordinal))
            {
                var members = candidates.Where(s => teamsOf[s.User.UserId].Contains(teamId)).ToList();
                foreach (var removedId in RemoveFromTeamForDeletion(teamId, members))
                {
                    if (!teamsRemoved.TryGetValue(removedId, out var list))
                    {
                        teamsRemoved[removedId] = list = [];
                    }

                    list.Add(teamId);
                }
            }

            DeleteRows(candidates.Select(s => s.User.UserId).ToHashSet(StringComparer.Ordinal), requestSequence);
        }

        committed = candidates.Count > 0;
        var rows = new List<BulkDeleteRow>(userIds.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in userIds)
        {
            if (!seen.Add(id))
            {
                rows.Add(new BulkDeleteRow(id, null, false, [], $"Duplicate user_id in request: {id}"));
            }
            else if (errors[id] is { } error)
            {
                rows.Add(new BulkDeleteRow(id, null, false, [], error));
            }
            else
            {
                rows.Add(new BulkDeleteRow(id, emails[id], true, teamsRemoved.TryGetValue(id, out var removed) ? removed : [], null));
            }
        }

        return rows;
    }

    private string? ScopeError(string userId, IReadOnlySet<string> callerAdminOrgs)
    {
        var targetOrgs = _orgMemberships.Where(m => m.UserId == userId).Select(m => m.OrganizationId).ToHashSet(StringComparer.Ordinal);
        return targetOrgs.Count > 0 && targetOrgs.IsSubsetOf(callerAdminOrgs)
            ? null
            : $"User {userId} is not within your admin scope. Only PROXY_ADMIN may delete users outside your administered organizations.";
    }

    /// <summary><c>_remove_members_from_team</c>: roster entries addressed by id (or by email when the entry has no id),
    /// the team stripped from the users' <c>teams</c>, their membership rows and team keys. Returns the removed ids.</summary>
    private HashSet<string> RemoveFromTeamForDeletion(string teamId, List<UserSlot> members)
    {
        var team = _teams[teamId];
        var ids = members.Select(s => s.User.UserId).ToHashSet(StringComparer.Ordinal);
        var emails = members.Where(s => s.User.UserEmail is not null).Select(s => s.User.UserEmail!).ToHashSet(StringComparer.Ordinal);
        bool Addressed(SandboxTeamMember m) => (m.UserId is not null && ids.Contains(m.UserId)) || (m.UserId is null && m.UserEmail is not null && emails.Contains(m.UserEmail));
        var removedMembers = team.MembersWithRoles.Where(Addressed).ToList();
        var cleanup = removedMembers.Where(m => m.UserId is not null).Select(m => m.UserId!).ToHashSet(StringComparer.Ordinal);
        foreach (var slot in members.Where(s => s.User.Teams.Contains(teamId)))
        {
            cleanup.Add(slot.User.UserId);
        }

        if (removedMembers.Count > 0)
        {
            _teams[teamId] = team with { MembersWithRoles = team.MembersWithRoles.Where(m => !Addressed(m)).ToList(), UpdatedAt = Now };
        }

        foreach (var id in cleanup)
        {
            if (_users.TryGetValue(id, out var slot) && slot.User.Teams.Contains(teamId))
            {
                ReplaceUser(slot, slot.User with { Teams = slot.User.Teams.Where(t => t != teamId).ToArray() });
            }

            _teamMemberships.Remove(teamId, id);
            foreach (var key in KeyRowsOf(id).Where(k => k.TeamId == teamId).ToList())
            {
                RemoveKey(key);
            }
        }

        return cleanup;
    }
}
