namespace LiteLlm.Sandbox;

public sealed partial class SandboxStore
{
    /// <summary>Every team, in creation order.</summary>
    public IReadOnlyList<SandboxTeam> Teams
    {
        get
        {
            lock (_gate)
            {
                return _teamOrder.ConvertAll(id => _teams[id]);
            }
        }
    }

    public SandboxTeam? FindTeam(string teamId)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        lock (_gate)
        {
            return _teams.GetValueOrDefault(teamId);
        }
    }

    /// <exception cref="InvalidOperationException">The team id already exists.</exception>
    public SandboxTeam CreateTeam(string teamId, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        lock (_gate)
        {
            return InsertTeam(teamId, alias, organizationId: null);
        }
    }

    /// <summary>
    /// Adds a user to a team the way <c>/team/member_add</c> does: an entry in <c>members_with_roles</c>
    /// (with the user's email), the team id in the user's <c>teams</c>, and a team-membership row.
    /// </summary>
    /// <exception cref="InvalidOperationException">The team or the user does not exist.</exception>
    public void AddTeamMember(string teamId, string userId, string role = "user")
    {
        ArgumentNullException.ThrowIfNull(teamId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(role);
        lock (_gate)
        {
            if (!_teams.ContainsKey(teamId))
            {
                throw new InvalidOperationException($"Team '{teamId}' does not exist.");
            }

            if (!_users.ContainsKey(userId))
            {
                throw new InvalidOperationException($"User '{userId}' does not exist.");
            }

            AddToTeam(teamId, userId, role);
        }
    }

    /// <summary>Team-membership rows (<c>LiteLLM_TeamMembership</c>).</summary>
    public IReadOnlyList<SandboxTeamMembership> TeamMemberships
    {
        get
        {
            lock (_gate)
            {
                return _teamMemberships.Values.ToList();
            }
        }
    }

    internal SandboxTeam InsertTeam(string teamId, string? alias, string? organizationId, Func<SandboxTeam, SandboxTeam>? customize = null)
    {
        if (_teams.ContainsKey(teamId))
        {
            throw new InvalidOperationException($"Team '{teamId}' already exists.");
        }

        var now = Now;
        var team = new SandboxTeam { TeamId = teamId, TeamAlias = alias, OrganizationId = organizationId, CreatedAt = now, UpdatedAt = now };
        if (customize is not null)
        {
            team = customize(team);
        }

        _teams.Add(teamId, team);
        _teamOrder.Add(teamId);
        return team;
    }

    internal SandboxTeam? TeamById(string teamId) => _teams.GetValueOrDefault(teamId);

    internal IEnumerable<SandboxTeam> AllTeams => _teamOrder.Select(id => _teams[id]);

    internal void ReplaceTeam(SandboxTeam team) => _teams[team.TeamId] = team;

    /// <summary>Removes a team row (<c>/team/delete</c>; its keys and members are dealt with first).</summary>
    internal void RemoveTeam(string teamId)
    {
        _teams.Remove(teamId);
        _teamOrder.Remove(teamId);
    }

    internal IEnumerable<SandboxTeamMembership> MembershipsOfTeam(string teamId) =>
        _teamMemberships.Values.Where(m => m.TeamId == teamId);

    /// <summary>Returns false when the user was already on the roster.</summary>
    internal bool AddToTeam(string teamId, string userId, string role)
    {
        var team = _teams[teamId];
        var slot = _users.GetValueOrDefault(userId);
        var already = team.MembersWithRoles.Any(m => m.UserId == userId);
        if (!already)
        {
            var members = team.MembersWithRoles.ToList();
            members.Add(new SandboxTeamMember(userId, slot?.User.UserEmail, role));
            _teams[teamId] = team with { MembersWithRoles = members, UpdatedAt = Now };
        }

        if (slot is not null && !slot.User.Teams.Contains(teamId))
        {
            ReplaceUser(slot, slot.User with { Teams = [.. slot.User.Teams, teamId], UpdatedAt = Now });
        }

        _teamMemberships.TryAdd(new SandboxTeamMembership(userId, teamId, 0.0, null));
        return !already;
    }

    /// <summary>Takes a user off a team: roster entry, the user's <c>teams</c> entry and the membership row.</summary>
    internal bool RemoveFromTeam(string teamId, string? userId, string? userEmail)
    {
        var team = _teams[teamId];
        var kept = team.MembersWithRoles
            .Where(m => !((userId is not null && m.UserId == userId) || (userId is null && userEmail is not null && m.UserEmail == userEmail)))
            .ToList();
        var removed = kept.Count != team.MembersWithRoles.Count;
        if (removed)
        {
            _teams[teamId] = team with { MembersWithRoles = kept, UpdatedAt = Now };
        }

        var targetIds = new HashSet<string>(StringComparer.Ordinal);
        if (userId is not null)
        {
            targetIds.Add(userId);
        }
        else if (userEmail is not null)
        {
            foreach (var m in team.MembersWithRoles.Where(m => m.UserEmail == userEmail && m.UserId is not null))
            {
                targetIds.Add(m.UserId!);
            }
        }

        foreach (var id in targetIds)
        {
            if (_users.TryGetValue(id, out var slot) && slot.User.Teams.Contains(teamId))
            {
                ReplaceUser(slot, slot.User with { Teams = slot.User.Teams.Where(t => t != teamId).ToArray(), UpdatedAt = Now });
                removed = true;
            }

            removed |= _teamMemberships.Remove(teamId, id);
        }

        return removed;
    }

    // ---------------------------------------------------------------- organisations

    public IReadOnlyList<SandboxOrganization> Organizations
    {
        get
        {
            lock (_gate)
            {
                return _organizations.Values.ToList();
            }
        }
    }

    /// <summary>Organisation memberships (<c>LiteLLM_OrganizationMembership</c>).</summary>
    public IReadOnlyList<SandboxOrganizationMembership> OrganizationMemberships
    {
        get
        {
            lock (_gate)
            {
                return _orgMemberships.ToList();
            }
        }
    }

    public SandboxOrganization CreateOrganization(string organizationId, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        lock (_gate)
        {
            if (_organizations.ContainsKey(organizationId))
            {
                throw new InvalidOperationException($"Organization '{organizationId}' already exists.");
            }

            var org = new SandboxOrganization(organizationId, alias, Now);
            _organizations.Add(organizationId, org);
            return org;
        }
    }

    /// <summary>Adds an organisation membership; <paramref name="role"/> <c>org_admin</c> makes the user an org admin.
    /// A missing organisation is created.</summary>
    public void AddOrganizationMember(string organizationId, string userId, string role = "internal_user")
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            if (!_users.ContainsKey(userId))
            {
                throw new InvalidOperationException($"User '{userId}' does not exist.");
            }

            if (!_organizations.ContainsKey(organizationId))
            {
                _organizations.Add(organizationId, new SandboxOrganization(organizationId, null, Now));
            }

            _orgMemberships.RemoveAll(m => m.UserId == userId && m.OrganizationId == organizationId);
            _orgMemberships.Add(new SandboxOrganizationMembership(userId, organizationId, role, Now));
        }
    }

    internal IReadOnlyList<SandboxOrganizationMembership> AllOrgMemberships => _orgMemberships;

    internal IEnumerable<SandboxOrganization> AllOrganizations => _organizations.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.OrganizationId, StringComparer.Ordinal);

    internal bool OrganizationExists(string organizationId) => _organizations.ContainsKey(organizationId);

    /// <summary>Organisations in which the caller is <c>org_admin</c> (<c>_caller_admin_org_ids</c>); empty for a caller without a user.</summary>
    internal HashSet<string> AdminOrgsOf(string? userId)
    {
        return userId is null
            ? []
            : _orgMemberships.Where(m => m.UserId == userId && m.UserRole == "org_admin").Select(m => m.OrganizationId).ToHashSet(StringComparer.Ordinal);
    }

    internal IEnumerable<SandboxOrganizationMembership> OrgMembershipsOf(string userId) =>
        _orgMemberships.Where(m => m.UserId == userId);

    // ---------------------------------------------------------------- invitations

    public IReadOnlyList<SandboxInvitation> Invitations
    {
        get
        {
            lock (_gate)
            {
                return _invitations.ToList();
            }
        }
    }

    /// <summary>Creates an invitation link for <paramref name="userId"/>, created (and last updated) by <paramref name="createdBy"/>.</summary>
    public SandboxInvitation CreateInvitation(string userId, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(createdBy);
        lock (_gate)
        {
            if (!_users.ContainsKey(userId))
            {
                throw new InvalidOperationException($"User '{userId}' does not exist.");
            }

            return InsertInvitation(userId, createdBy);
        }
    }

    internal SandboxInvitation InsertInvitation(string userId, string createdBy)
    {
        var now = Now;
        var invitation = new SandboxInvitation
        {
            Id = Guid.NewGuid().ToString(),
            UserId = userId,
            ExpiresAt = now.AddDays(7),
            CreatedAt = now,
            CreatedBy = createdBy,
            UpdatedAt = now,
            UpdatedBy = createdBy,
        };
        _invitations.Add(invitation);
        return invitation;
    }

    // ---------------------------------------------------------------- deletions

    /// <summary>Every user row ever deleted, in deletion order.</summary>
    public IReadOnlyList<DeletionRecord> Deletions
    {
        get
        {
            lock (_gate)
            {
                return _deletions.ToList();
            }
        }
    }

    /// <summary>Removes everything: users, keys, teams, organisations, invitations and the deletion record.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _users.Clear();
            _byId.Clear();
            _byCreated.Clear();
            _byEmail.Clear();
            _emailSearch.Clear();
            _keys.Clear();
            _keysByUser.Clear();
            _teams.Clear();
            _teamOrder.Clear();
            _teamMemberships.Clear();
            _organizations.Clear();
            _orgMemberships.Clear();
            _invitations.Clear();
            _deletions.Clear();
        }
    }
}
