using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>A user a disable row refers to, as the plan file records it.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Role">The user's role.</param>
/// <param name="Disabled">Whether the user already carries the disable record.</param>
/// <param name="OpenKeys">Keys not blocked yet (counted by a dry run only).</param>
internal sealed record DisableTarget(string UserId, string? Email, string? Role, bool Disabled, int? OpenKeys = null)
{
    /// <summary>The entry of a user as just read.</summary>
    public static DisableTarget Of(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new DisableTarget(user.UserId, user.UserEmail, user.UserRole, DisableRecord.Of(user) is not null);
    }
}
