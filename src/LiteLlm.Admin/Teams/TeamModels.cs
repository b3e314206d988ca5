using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Teams;

/// <summary>A team as <c>/team/list</c> and <c>/team/new</c> return it.</summary>
public sealed class LiteLlmTeam
{
    /// <summary>The team's id.</summary>
    public string TeamId { get; init; } = string.Empty;

    /// <summary>The team's display name.</summary>
    public string? TeamAlias { get; init; }

    /// <summary>Organisation the team belongs to.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The roster: <c>{user_id, user_email, role}</c>.</summary>
    public IReadOnlyList<TeamMember>? MembersWithRoles { get; init; }

    /// <summary>Models the team may use.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Team budget.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Team metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Everything else the server sent (memberships, keys, limits).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A roster entry (LiteLLM's <c>Member</c>): identified by id or email; role <c>admin</c> or <c>user</c>.</summary>
public sealed class TeamMember
{
    /// <summary>The member's user id.</summary>
    public string? UserId { get; init; }

    /// <summary>The member's email (used when the id is unknown).</summary>
    public string? UserEmail { get; init; }

    /// <summary><c>admin</c> or <c>user</c>.</summary>
    public string Role { get; init; } = "user";
}

/// <summary>Body of <c>POST /team/new</c>. Null fields are not sent.</summary>
public sealed class CreateTeamRequest
{
    /// <summary>Id to use; null lets the server generate one.</summary>
    public string? TeamId { get; init; }

    /// <summary>Display name.</summary>
    public string? TeamAlias { get; init; }

    /// <summary>Initial roster.</summary>
    public IReadOnlyList<TeamMember>? MembersWithRoles { get; init; }

    /// <summary>Models.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Budget.</summary>
    public double? MaxBudget { get; init; }
}

/// <summary>Body of <c>POST /team/member_add</c>.</summary>
internal sealed class TeamMemberAddBody
{
    public string TeamId { get; init; } = string.Empty;

    public TeamMember? Member { get; init; }
}

/// <summary>Body of <c>POST /team/member_delete</c>.</summary>
internal sealed class TeamMemberDeleteBody
{
    public string TeamId { get; init; } = string.Empty;

    public string? UserId { get; init; }

    public string? UserEmail { get; init; }
}

/// <summary>Answer of <c>POST /team/member_add</c>.</summary>
public sealed class TeamMemberAddResponse
{
    /// <summary>The team.</summary>
    public string? TeamId { get; init; }

    /// <summary>The user rows as updated (their <c>teams</c> now include the team).</summary>
    public IReadOnlyList<LiteLlmUser>? UpdatedUsers { get; init; }

    /// <summary>Everything else the server sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
