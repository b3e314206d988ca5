using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Health;
using LiteLlm.Admin.Invitations;
using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Organizations;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Internal;

/// <summary>Source-generated JSON for every wire type (snake_case, nulls omitted, unknown fields ignored).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(LiteLlmUser))]
[JsonSerializable(typeof(UserPage))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(CreateUserResponse))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(UpdateUserResponse))]
[JsonSerializable(typeof(UserInfoWire))]
[JsonSerializable(typeof(DeleteUsersBody))]
[JsonSerializable(typeof(BulkDeleteWire))]
[JsonSerializable(typeof(BulkCreateBody))]
[JsonSerializable(typeof(BulkCreateResult))]
[JsonSerializable(typeof(List<LiteLlmTeam>))]
[JsonSerializable(typeof(LiteLlmTeam))]
[JsonSerializable(typeof(CreateTeamRequest))]
[JsonSerializable(typeof(TeamMemberAddBody))]
[JsonSerializable(typeof(TeamMemberDeleteBody))]
[JsonSerializable(typeof(TeamMemberAddResponse))]
[JsonSerializable(typeof(KeyPage))]
[JsonSerializable(typeof(KeyInfo))]
[JsonSerializable(typeof(LiteLlmKey))]
[JsonSerializable(typeof(BlockKeyBody))]
[JsonSerializable(typeof(GenerateKeyRequest))]
[JsonSerializable(typeof(GenerateKeyResponse))]
[JsonSerializable(typeof(InvitationBody))]
[JsonSerializable(typeof(Invitation))]
[JsonSerializable(typeof(List<LiteLlmOrganization>))]
[JsonSerializable(typeof(ProxyReadiness))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class LiteLlmJsonContext : JsonSerializerContext;

/// <summary>Wire shape of <c>/user/info</c> (the row is called <c>user_info</c>).</summary>
internal sealed class UserInfoWire
{
    public string? UserId { get; init; }

    public LiteLlmUser? UserInfo { get; init; }

    public List<JsonElement>? Keys { get; init; }

    public List<JsonElement>? Teams { get; init; }
}

/// <summary><c>{"user_ids": [...]}</c>.</summary>
internal sealed class DeleteUsersBody
{
    public IReadOnlyList<string> UserIds { get; init; } = [];
}

/// <summary><c>{"data": [...]}</c> of the v1 bulk delete.</summary>
internal sealed class BulkDeleteWire
{
    public List<BulkDeleteResult>? Data { get; init; }
}

/// <summary><c>{"users": [...]}</c> of the v1 bulk create.</summary>
internal sealed class BulkCreateBody
{
    public IReadOnlyList<CreateUserRequest> Users { get; init; } = [];
}
