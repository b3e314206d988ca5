namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// Response shapes, field for field in the order pydantic serializes LiteLLM's models
/// (<c>litellm/proxy/_types.py</c>).
/// </summary>
internal static class Shapes
{
    /// <summary><c>LiteLLM_UserTableWithKeyCount</c> as <c>/user/list</c> returns it (no password, ever).</summary>
    public static JsonMap ListUser(SandboxUser u, int keyCount) => new()
    {
        { "user_id", u.UserId },
        { "max_budget", u.MaxBudget },
        { "spend", u.Spend },
        { "model_max_budget", u.ModelMaxBudget },
        { "model_spend", u.ModelSpend },
        { "user_email", u.UserEmail },
        { "user_alias", u.UserAlias },
        { "models", u.Models },
        { "tpm_limit", u.TpmLimit },
        { "rpm_limit", u.RpmLimit },
        { "user_role", u.UserRole },
        { "organization_memberships", null },
        { "teams", u.Teams },
        { "sso_user_id", u.SsoUserId },
        { "budget_duration", u.BudgetDuration },
        { "budget_reset_at", u.BudgetResetAt },
        { "metadata", u.Metadata },
        { "created_at", u.CreatedAt },
        { "updated_at", u.UpdatedAt },
        { "object_permission", null },
        { "key_count", keyCount },
    };

    /// <summary>The Prisma <c>LiteLLM_UserTable</c> row (password removed), as <c>/user/info</c> and <c>/user/update</c> return it.</summary>
    public static JsonMap UserRow(SandboxUser u, IEnumerable<SandboxOrganizationMembership>? memberships = null) => new()
    {
        { "user_id", u.UserId },
        { "user_alias", u.UserAlias },
        { "team_id", null },
        { "sso_user_id", u.SsoUserId },
        { "organization_id", u.OrganizationId },
        { "object_permission_id", null },
        { "teams", u.Teams },
        { "user_role", u.UserRole },
        { "max_budget", u.MaxBudget },
        { "spend", u.Spend },
        { "user_email", u.UserEmail },
        { "models", u.Models },
        { "metadata", u.Metadata },
        { "max_parallel_requests", u.MaxParallelRequests },
        { "tpm_limit", u.TpmLimit },
        { "rpm_limit", u.RpmLimit },
        { "budget_duration", u.BudgetDuration },
        { "budget_reset_at", u.BudgetResetAt },
        { "allowed_cache_controls", Array.Empty<string>() },
        { "model_spend", u.ModelSpend },
        { "model_max_budget", u.ModelMaxBudget },
        { "created_at", u.CreatedAt },
        { "updated_at", u.UpdatedAt },
        { "organization_memberships", memberships?.Select(OrgMembership).ToList() },
    };

    /// <summary><c>LiteLLM_OrganizationMembershipTable</c>.</summary>
    public static JsonMap OrgMembership(SandboxOrganizationMembership m) => new()
    {
        { "user_id", m.UserId },
        { "organization_id", m.OrganizationId },
        { "user_role", m.UserRole },
        { "spend", 0.0 },
        { "budget_id", null },
        { "created_at", m.CreatedAt },
        { "updated_at", m.CreatedAt },
        { "user", null },
        { "litellm_budget_table", null },
        { "user_email", null },
    };

    /// <summary><c>LiteLLM_OrganizationTableWithMembers</c>: the organisation row with its budget row, memberships and teams.</summary>
    public static JsonMap Organization(SandboxOrganization o, IEnumerable<SandboxOrganizationMembership> members, IEnumerable<SandboxTeam> teams) => new()
    {
        { "organization_id", o.OrganizationId },
        { "organization_alias", o.OrganizationAlias },
        { "budget_id", o.BudgetId },
        { "spend", 0.0 },
        { "metadata", new JsonMap() },
        { "models", Array.Empty<string>() },
        { "created_by", Http.Caller.DefaultAdminName },
        { "updated_by", Http.Caller.DefaultAdminName },
        { "users", null },
        { "litellm_budget_table", Budget(o.BudgetId) },
        { "object_permission", null },
        { "object_permission_id", null },
        { "members", members.Select(OrgMembership).ToList() },
        { "teams", teams.Select(Team).ToList() },
        { "created_at", o.CreatedAt },
        { "updated_at", o.CreatedAt },
    };

    /// <summary><c>LiteLLM_BudgetTable</c> with no limits set.</summary>
    public static JsonMap Budget(string budgetId) => new()
    {
        { "budget_id", budgetId },
        { "soft_budget", null },
        { "max_budget", null },
        { "max_parallel_requests", null },
        { "tpm_limit", null },
        { "rpm_limit", null },
        { "model_max_budget", null },
        { "budget_duration", null },
    };

    /// <summary><c>LiteLLM_VerificationToken</c> (hashed <c>token</c>, never the secret).</summary>
    public static JsonMap Key(SandboxKey k) => new()
    {
        { "token", k.Token },
        { "key_name", k.KeyName },
        { "key_alias", k.KeyAlias },
        { "spend", k.Spend },
        { "max_budget", k.MaxBudget },
        { "expires", k.Expires },
        { "models", k.Models },
        { "aliases", new JsonMap() },
        { "config", new JsonMap() },
        { "user_id", k.UserId },
        { "team_id", k.TeamId },
        { "agent_id", null },
        { "project_id", null },
        { "max_parallel_requests", null },
        { "metadata", k.Metadata },
        { "tpm_limit", null },
        { "rpm_limit", null },
        { "budget_duration", null },
        { "budget_reset_at", null },
        { "allowed_cache_controls", Array.Empty<string>() },
        { "allowed_routes", Array.Empty<string>() },
        { "permissions", new JsonMap() },
        { "model_spend", new JsonMap() },
        { "model_max_budget", new JsonMap() },
        { "soft_budget_cooldown", false },
        { "blocked", k.Blocked },
        { "litellm_budget_table", null },
        { "org_id", k.OrganizationId },
        { "created_at", k.CreatedAt },
        { "created_by", k.CreatedBy },
        { "updated_at", k.UpdatedAt },
        { "updated_by", k.UpdatedBy },
        { "last_active", null },
        { "object_permission_id", null },
        { "object_permission", null },
        { "access_group_ids", null },
        { "rotation_count", 0 },
        { "auto_rotate", false },
        { "rotation_interval", null },
        { "last_rotation_at", null },
        { "key_rotation_at", null },
        { "router_settings", null },
    };

    /// <summary>A key as info endpoints return it: the hashed token removed.</summary>
    public static JsonMap KeyWithoutToken(SandboxKey k) => Key(k).Without("token");

    /// <summary><c>LiteLLM_TeamTable</c>.</summary>
    public static JsonMap Team(SandboxTeam t) => new()
    {
        { "team_alias", t.TeamAlias },
        { "team_id", t.TeamId },
        { "organization_id", t.OrganizationId },
        { "admins", t.Admins },
        { "members", t.Members },
        { "members_with_roles", t.MembersWithRoles.Select(Member).ToList() },
        { "team_member_permissions", null },
        { "metadata", t.Metadata },
        { "tpm_limit", t.TpmLimit },
        { "rpm_limit", t.RpmLimit },
        { "max_budget", t.MaxBudget },
        { "soft_budget", null },
        { "budget_duration", t.BudgetDuration },
        { "models", t.Models },
        { "blocked", t.Blocked },
        { "router_settings", null },
        { "access_group_ids", null },
        { "spend", t.Spend },
        { "max_parallel_requests", null },
        { "budget_reset_at", null },
        { "model_id", null },
        { "litellm_model_table", null },
        { "object_permission", null },
        { "updated_at", t.UpdatedAt },
        { "created_at", t.CreatedAt },
        { "object_permission_id", null },
    };

    /// <summary><c>Member</c>: <c>{user_id, user_email, role}</c>.</summary>
    public static JsonMap Member(SandboxTeamMember m) => new()
    {
        { "user_id", m.UserId },
        { "user_email", m.UserEmail },
        { "role", m.Role },
    };

    /// <summary><c>LiteLLM_TeamMembership</c>.</summary>
    public static JsonMap TeamMembership(SandboxTeamMembership m) => new()
    {
        { "user_id", m.UserId },
        { "team_id", m.TeamId },
        { "budget_id", m.BudgetId },
        { "spend", m.Spend },
        { "litellm_budget_table", null },
    };

    /// <summary><c>InvitationModel</c>.</summary>
    public static JsonMap Invitation(SandboxInvitation i) => new()
    {
        { "id", i.Id },
        { "user_id", i.UserId },
        { "is_accepted", i.IsAccepted },
        { "accepted_at", i.AcceptedAt },
        { "expires_at", i.ExpiresAt },
        { "created_at", i.CreatedAt },
        { "created_by", i.CreatedBy },
        { "updated_at", i.UpdatedAt },
        { "updated_by", i.UpdatedBy },
    };
}
