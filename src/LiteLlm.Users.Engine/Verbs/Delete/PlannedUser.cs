using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>A user a row refers to, as the plan file records it.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Role">The user's role.</param>
public sealed record PlannedUser(string UserId, string? Email, string? Role)
{
    /// <summary>Builds the entry of a user as just read.</summary>
    public static PlannedUser Of(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new PlannedUser(user.UserId, user.UserEmail, user.UserRole);
    }
}
