using System.Text.Json;

namespace LiteLlm.Sandbox;

/// <summary>One entry of a team's <c>members_with_roles</c> (LiteLLM <c>Member</c>).</summary>
public sealed record SandboxTeamMember(string? UserId, string? UserEmail, string Role);

/// <summary>One row of <c>LiteLLM_TeamTable</c>.</summary>
public sealed record SandboxTeam
{
    public required string TeamId { get; init; }
    public string? TeamAlias { get; init; }
    public string? OrganizationId { get; init; }
    /// <summary>Legacy <c>admins</c> array; LiteLLM's user delete leaves it untouched (contract §3.8).</summary>
    public IReadOnlyList<string> Admins { get; init; } = [];
    /// <summary>Legacy <c>members</c> array; LiteLLM's user delete leaves it untouched (contract §3.8).</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<SandboxTeamMember> MembersWithRoles { get; init; } = [];
    public JsonElement Metadata { get; init; } = SandboxJson.EmptyObject;
    public double? MaxBudget { get; init; }
    public double Spend { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public bool Blocked { get; init; }
    public long? TpmLimit { get; init; }
    public long? RpmLimit { get; init; }
    public string? BudgetDuration { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One row of <c>LiteLLM_TeamMembership</c> (per-team spend/budget of a user).</summary>
public sealed record SandboxTeamMembership(string UserId, string TeamId, double Spend, string? BudgetId);

/// <summary>One row of <c>LiteLLM_OrganizationMembership</c>; <see cref="UserRole"/> is e.g. <c>org_admin</c> or <c>internal_user</c>.</summary>
public sealed record SandboxOrganizationMembership(string UserId, string OrganizationId, string? UserRole, DateTimeOffset CreatedAt);

/// <summary>One row of <c>LiteLLM_OrganizationTable</c>. Every organisation has a budget row (LiteLLM creates one when
/// <c>/organization/new</c> gets no <c>budget_id</c>); the sandbox keeps only its id.</summary>
public sealed record SandboxOrganization(string OrganizationId, string? OrganizationAlias, DateTimeOffset CreatedAt)
{
    public string BudgetId { get; init; } = Guid.NewGuid().ToString();
}

/// <summary>One row of <c>LiteLLM_InvitationLink</c> (LiteLLM <c>InvitationModel</c>).</summary>
public sealed record SandboxInvitation
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public bool IsAccepted { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

/// <summary>A user row that was deleted, with the journal sequence of the request that deleted it.</summary>
public sealed record DeletionRecord(string UserId, string? Email, long RequestSequence, DateTimeOffset At);
