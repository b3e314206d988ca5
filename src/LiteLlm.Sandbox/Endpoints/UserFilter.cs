namespace LiteLlm.Sandbox.Endpoints;

/// <summary>Filters of <c>get_users</c>, AND-ed (<c>where_conditions</c>).</summary>
internal sealed class UserFilter
{
    private string? _role;
    private string? _idContains;
    private HashSet<string>? _idIn;
    private HashSet<string>? _ssoIn;
    private string? _emailContains;
    private string? _team;
    private HashSet<string>? _orgUsers;

    public bool IsEmpty { get; private set; } = true;

    public static UserFilter Create(SandboxStore store, string? role, string? userIds, string? ssoUserIds, string? email, string? team, IReadOnlyList<string>? orgIds)
    {
        var f = new UserFilter();
        if (!string.IsNullOrEmpty(role))
        {
            f._role = role;
        }

        if (!string.IsNullOrEmpty(userIds))
        {
            var list = userIds.Split(',').Select(u => u.Trim()).Where(u => u.Length > 0).ToList();
            if (list.Count == 1)
            {
                f._idContains = list[0];
            }
            else
            {
                f._idIn = list.ToHashSet(StringComparer.Ordinal);
            }
        }

        if (email is not null)
        {
            // Prisma `contains` + `mode: insensitive`; "" still drops NULL emails (contract §3.4).
            f._emailContains = email.ToLowerInvariant();
        }

        if (team is not null)
        {
            f._team = team;
        }

        if (ssoUserIds is not null)
        {
            f._ssoIn = ssoUserIds.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
        }

        if (orgIds is { Count: > 0 })
        {
            var orgs = orgIds.ToHashSet(StringComparer.Ordinal);
            f._orgUsers = store.AllOrgMemberships.Where(m => orgs.Contains(m.OrganizationId)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        }

        f.IsEmpty = f._role is null && f._idContains is null && f._idIn is null && f._emailContains is null && f._team is null && f._ssoIn is null && f._orgUsers is null;
        return f;
    }

    /// <summary>
    /// The slots that can match, found without a scan: the named ids (<c>user_ids</c> with several ids), the
    /// users of the organisations, or the users whose email contains the filter; <c>null</c> when only a scan
    /// can tell. Each candidate appears once; <see cref="Matches"/> still decides.
    /// </summary>
    public List<UserSlot>? Candidates(SandboxStore store)
    {
        var named = _idIn ?? _orgUsers;
        if (_idIn is not null && _orgUsers is not null && _orgUsers.Count < _idIn.Count)
        {
            named = _orgUsers;
        }

        if (named is not null)
        {
            var slots = new List<UserSlot>(named.Count);
            foreach (var id in named)
            {
                if (store.Slot(id) is { } slot)
                {
                    slots.Add(slot);
                }
            }

            return slots;
        }

        return _emailContains is null ? null : store.FindEmailsContainingLower(_emailContains);
    }

    public bool Matches(UserSlot slot)
    {
        var u = slot.User;
        return (_role is null || u.UserRole == _role)
        && (_idContains is null || u.UserId.Contains(_idContains, StringComparison.OrdinalIgnoreCase))
        && (_idIn is null || _idIn.Contains(u.UserId))
        && (_emailContains is null || (slot.EmailLower is { } email && email.Contains(_emailContains, StringComparison.Ordinal)))
        && (_team is null || u.Teams.Contains(_team))
        && (_ssoIn is null || (u.SsoUserId is not null && _ssoIn.Contains(u.SsoUserId)))
        && (_orgUsers is null || _orgUsers.Contains(u.UserId));
    }
}
