using System.Security.Cryptography;
using System.Text;
using LiteLlm.Sandbox.Endpoints;

namespace LiteLlm.Sandbox;

internal sealed record CreatedUser(SandboxUser User, string? Secret, SandboxKey? Key);

/// <summary>Changes <c>/user/update</c> applies: only fields that were sent with a non-empty value
/// (<c>_update_internal_user_params</c>), plus <c>max_budget</c> whenever it was sent.</summary>
internal sealed record UserChanges
{
    public string? UserEmail { get; init; }
    public string? UserAlias { get; init; }
    public string? UserRole { get; init; }
    public bool MaxBudgetSet { get; init; }
    public double? MaxBudget { get; init; }
    public double? Spend { get; init; }
    public System.Text.Json.JsonElement? Metadata { get; init; }
    public List<string>? Models { get; init; }
    public long? TpmLimit { get; init; }
    public long? RpmLimit { get; init; }
    public long? MaxParallelRequests { get; init; }
    public string? BudgetDuration { get; init; }
    public List<string>? Teams { get; init; }
    public string? Password { get; init; }
}

public sealed partial class SandboxStore
{
    /// <summary>The row <c>generate_key_helper_fn(request_type="user")</c> writes, then the auto key, teams and orgs
    /// (<c>new_user</c> in <c>internal_user_endpoints.py</c>). Team and org failures are swallowed like LiteLLM's.</summary>
    internal CreatedUser InsertNewUser(NewUserModel m, string? createdBy)
    {
        var now = Now;
        var user = new SandboxUser
        {
            UserId = m.UserId ?? Guid.NewGuid().ToString(),
            UserEmail = m.UserEmail,
            UserAlias = m.UserAlias,
            UserRole = m.UserRole,
            MaxBudget = m.MaxBudget,
            Spend = m.Spend,
            Models = m.Models,
            Metadata = m.Metadata,
            TpmLimit = m.TpmLimit,
            RpmLimit = m.RpmLimit,
            MaxParallelRequests = m.MaxParallelRequests,
            BudgetDuration = m.BudgetDuration,
            SsoUserId = m.SsoUserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Only a profile without the user_id check (fleet row 5) gets here with an existing id: insert_data is an upsert
        // with an empty update, so the row stays as it was, and another key is minted for it (issue #11368). The
        // response still shows what was sent (generate_key_helper_fn returns its input).
        var slot = Slot(user.UserId);
        var existing = slot is not null;
        if (slot is null)
        {
            slot = NewSlot(user);
            slot.PasswordHash = m.Password is null ? null : HashPassword(m.Password);
            InsertUser(slot);
        }

        string? secret = null;
        SandboxKey? key = null;
        if (m.AutoCreateKey)
        {
            (secret, key) = IssueKey(user.UserId, m.KeyAlias, m.TeamId, rawKey: null, createdBy, m.Models, m.MaxBudget);
        }

        // The deprecated team_id path and the teams list both go through team_member_add; unknown teams are
        // skipped here (LiteLLM swallows "doesn't exist" for the list; for team_id the sandbox is equally tolerant).
        if (m.TeamId is { } teamId && _teams.ContainsKey(teamId))
        {
            AddToTeam(teamId, user.UserId, "user");
        }
        else if (m.Teams is { } teams)
        {
            foreach (var team in teams.Where(t => _teams.ContainsKey(t.TeamId)))
            {
                AddToTeam(team.TeamId, user.UserId, team.Role);
            }
        }

        foreach (var orgId in m.Organizations ?? [])
        {
            if (_organizations.ContainsKey(orgId) && !_orgMemberships.Any(x => x.UserId == user.UserId && x.OrganizationId == orgId))
            {
                _orgMemberships.Add(new SandboxOrganizationMembership(user.UserId, orgId, "internal_user", now));
            }
        }

        return new CreatedUser(existing ? user : slot.User, secret, key);
    }

    /// <summary>Applies <paramref name="changes"/> to a user, or creates the user (Prisma upsert) when <paramref name="slot"/> is null.</summary>
    internal SandboxUser UpsertUser(UserSlot? slot, string userId, UserChanges changes)
    {
        var now = Now;
        if (slot is null)
        {
            var created = Apply(new SandboxUser { UserId = userId, CreatedAt = now, UpdatedAt = now }, changes, now);
            slot = NewSlot(created);
            InsertUser(slot);
        }
        else
        {
            ReplaceUser(slot, Apply(slot.User, changes, now));
        }

        if (changes.Password is { } password)
        {
            slot.PasswordHash = HashPassword(password);
        }

        return slot.User;
    }

    private static SandboxUser Apply(SandboxUser u, UserChanges c, DateTimeOffset now) => u with
    {
        UserEmail = c.UserEmail ?? u.UserEmail,
        UserAlias = c.UserAlias ?? u.UserAlias,
        UserRole = c.UserRole ?? u.UserRole,
        MaxBudget = c.MaxBudgetSet ? c.MaxBudget : u.MaxBudget,
        Spend = c.Spend ?? u.Spend,
        Metadata = c.Metadata ?? u.Metadata,
        Models = c.Models ?? u.Models,
        TpmLimit = c.TpmLimit ?? u.TpmLimit,
        RpmLimit = c.RpmLimit ?? u.RpmLimit,
        MaxParallelRequests = c.MaxParallelRequests ?? u.MaxParallelRequests,
        BudgetDuration = c.BudgetDuration ?? u.BudgetDuration,
        Teams = c.Teams ?? u.Teams,
        UpdatedAt = now,
    };

    /// <summary>Whether the user has a password set (the hash itself never leaves the store).</summary>
    public bool HasPassword(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            return _users.TryGetValue(userId, out var slot) && slot.PasswordHash is not null;
        }
    }

    private static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToHexString(salt) + ":" + Convert.ToHexString(hash);
    }
}
