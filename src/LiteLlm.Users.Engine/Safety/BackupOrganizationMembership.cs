using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>An organisation the user was in.</summary>
/// <param name="OrganizationId">The organisation.</param>
/// <param name="OrganizationAlias">Its name.</param>
/// <param name="UserRole">e.g. org_admin, internal_user.</param>
/// <param name="BudgetId">The member's budget row, if any.</param>
internal sealed record BackupOrganizationMembership(string OrganizationId, string? OrganizationAlias, string? UserRole, string? BudgetId);
