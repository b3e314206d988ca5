using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>A team the user was in.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="TeamAlias">Its name, for people.</param>
/// <param name="Role">admin or user, from the roster; null when the user's <c>teams</c> named the team but its roster did not.</param>
internal sealed record BackupTeamMembership(string TeamId, string? TeamAlias, string? Role);
