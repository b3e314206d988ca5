using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// A user a row refers to, as the plan file records it: who it is, and what goes with it when it is
/// deleted (its keys, teams, spend and SSO id, as the user listing returned them: fleet rows 12 and 13).
/// </summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Role">The user's role.</param>
public sealed record PlannedUser(string UserId, string? Email, string? Role)
{
    /// <summary>Keys the user owns (<c>key_count</c> of <c>/user/list</c>); LiteLLM deletes them with the user. Null when the server did not say.</summary>
    public int? KeyCount { get; init; }

    /// <summary>Ids of the user's teams.</summary>
    public IReadOnlyList<string>? Teams { get; init; }

    /// <summary>The user's spend so far, in USD.</summary>
    public double? Spend { get; init; }

    /// <summary>The SSO id, or null: an SSO- or SCIM-managed user may be re-created at the next login.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SsoUserId { get; init; }

    /// <summary>Builds the entry of a user as just read (no extra request: the listing has it all).</summary>
    public static PlannedUser Of(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new PlannedUser(user.UserId, user.UserEmail, user.UserRole)
        {
            KeyCount = user.KeyCount,
            Teams = user.Teams ?? [],
            Spend = user.Spend,
            SsoUserId = string.IsNullOrEmpty(user.SsoUserId) ? null : user.SsoUserId,
        };
    }
}
