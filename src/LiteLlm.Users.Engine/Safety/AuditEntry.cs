using System.Text;
using System.Text.Json;
using LiteLlm.Admin.Security;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>One line of the audit log.</summary>
/// <param name="Time">When the outcome was known (UTC).</param>
/// <param name="Operator">Who ran the tool (--changed-by, default the OS user); also sent as <c>litellm-changed-by</c>.</param>
/// <param name="BaseUrl">The proxy.</param>
/// <param name="Action">delete, restore, create, update, team_add, team_remove, disable, enable.</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Success">Whether the change took effect.</param>
/// <param name="Outcome">The result word or the error reason, as in the output files.</param>
/// <param name="RunId">The run (kept across a resume), so a resumed run records each change once.</param>
internal sealed record AuditEntry(DateTimeOffset Time, string Operator, string BaseUrl, string Action, string? UserId, string? Email, bool Success, string Outcome, string? RunId = null)
{
    /// <summary>When the run applies a reviewed plan: who made it.</summary>
    public string? PlanMadeBy { get; init; }

    /// <summary>When the run applies an approved plan: who approved it.</summary>
    public string? PlanApprovedBy { get; init; }
}
