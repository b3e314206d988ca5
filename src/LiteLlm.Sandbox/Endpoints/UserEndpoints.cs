using System.Text.Json;
using System.Text.RegularExpressions;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/user/*</c>, mirroring <c>litellm/proxy/management_endpoints/internal_user_endpoints.py</c>.
/// Error shapes per contract §1.1/§3: envelope A for new/info/update, <c>{"detail": …}</c> for list/delete.
/// </summary>
internal static partial class UserEndpoints
{
    // ------------------------------------------------------------------ /user/new

    public static ApiResult New(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var reader = BodyReader.ForModel(rc.Body, ["body"], errors);
        var model = reader is null ? null : NewUserModel.Read(reader, autoCreateKeyDefault: true);
        if (errors.Count > 0 || model is null)
        {
            return Errors.Validation(errors);
        }

        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
        }

        var store = rc.Store;

        // _check_duplicate_user_id / _check_duplicate_user_email: 409 HTTPException → handle_exception_on_proxy (PR #17559).
        // Before it there was no id check at all (issue #11368: the row is kept and another key minted, see
        // SandboxStore.InsertNewUser) and a duplicate email was a 400 with the same words (fleet rows 4 and 5).
        if (!string.IsNullOrEmpty(model.UserId) && rc.Newer(LiteLlmChange.DuplicateUserIdIs409) && store.Slot(model.UserId.Trim()) is { } sameId)
        {
            return Errors.ProxyDict(409, $"User with id {sameId.User.UserId} already exists", Errors.InternalServerError);
        }

        if (!string.IsNullOrEmpty(model.UserEmail) && store.FindByEmailInsensitive(model.UserEmail) is { } sameEmail)
        {
            var status = rc.Newer(LiteLlmChange.DuplicateEmailIs409) ? 409 : 400;
            return Errors.ProxyDict(status, $"User with email {sameEmail.User.UserEmail} already exists", Errors.InternalServerError);
        }

        if (model.UserRole is "proxy_admin" or "proxy_admin_viewer" && !rc.Caller.IsProxyAdmin)
        {
            return Errors.Proxy(403, $"Only proxy admins can create administrative users (proxy_admin, proxy_admin_viewer). Attempted to create user with role: {model.UserRole}. Your role: {rc.Caller.Role ?? "None"}", Errors.InternalServerError);
        }

        var created = store.InsertNewUser(model, rc.Caller.UserId);
        return ApiResult.Ok(NewUserResponse(model, created, echoTeams: !rc.Newer(LiteLlmChange.UserNewTeamsNull)), items: 1, committed: true);
    }

    /// <summary><c>NewUserResponse</c>: every field, nulls included. <c>teams</c> is null in current LiteLLM (memberships are
    /// written afterwards); older releases (1.77.1) return <c>response.get("teams")</c>, the team ids that were sent.</summary>
    private static JsonMap NewUserResponse(NewUserModel m, CreatedUser created, bool echoTeams)
    {
        var u = created.User;
        return new JsonMap
        {
            { "key_alias", m.KeyAlias },
            { "duration", m.Duration },
            { "models", u.Models },
            { "spend", u.Spend },
            { "max_budget", u.MaxBudget },
            { "user_id", u.UserId },
            { "team_id", m.TeamId },
            { "agent_id", null },
            { "max_parallel_requests", u.MaxParallelRequests },
            { "metadata", u.Metadata },
            { "tpm_limit", u.TpmLimit },
            { "rpm_limit", u.RpmLimit },
            { "budget_duration", u.BudgetDuration },
            { "allowed_cache_controls", Array.Empty<string>() },
            { "config", new JsonMap() },
            { "permissions", new JsonMap() },
            { "model_max_budget", new JsonMap() },
            { "model_rpm_limit", null },
            { "model_tpm_limit", null },
            { "guardrails", null },
            { "policies", null },
            { "prompts", null },
            { "blocked", null },
            { "aliases", new JsonMap() },
            { "object_permission", null },
            { "key", created.Secret ?? string.Empty },
            { "budget_id", null },
            { "tags", null },
            { "enforced_params", null },
            { "allowed_routes", Array.Empty<string>() },
            { "allowed_passthrough_routes", null },
            { "allowed_vector_store_indexes", null },
            { "rpm_limit_type", null },
            { "tpm_limit_type", null },
            { "router_settings", null },
            { "access_group_ids", null },
            { "key_name", created.Key?.KeyName },
            { "expires", null },
            { "token_id", null },
            { "organization_id", null },
            { "project_id", null },
            { "litellm_budget_table", null },
            { "token", null },
            { "created_by", created.Key?.CreatedBy },
            { "updated_by", created.Key?.UpdatedBy },
            { "created_at", u.CreatedAt },
            { "updated_at", u.UpdatedAt },
            { "user_email", u.UserEmail },
            { "user_role", u.UserRole },
            { "teams", echoTeams && (m.Teams ?? (m.TeamId is null ? null : [new NewUserTeam(m.TeamId, "user", null)])) is { } teams ? teams.ConvertAll(t => t.TeamId) : null },
            { "user_alias", u.UserAlias },
        };
    }

    // ------------------------------------------------------------------ /user/info

    public static ApiResult Info(RequestContext rc)
    {
        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
        }

        var userId = NormalizeInfoUserId(rc, rc.Query("user_id"));
        var store = rc.Store;
        if (userId is null && rc.Caller.IsProxyAdmin)
        {
            return GodModeInfo(rc);
        }

        userId ??= rc.Caller.UserId;
        var slot = userId is null ? null : store.Slot(userId);
        if (slot is null)
        {
            if (!rc.Newer(LiteLlmChange.UserInfoUnknownIs404))
            {
                // ≤ 1.80: {"spend": sum of the (missing) user's keys} → a Python int 0.
                return ApiResult.Ok(new JsonMap
                {
                    { "user_id", userId },
                    { "user_info", new JsonMap { { "spend", 0 } } },
                    { "keys", Array.Empty<object>() },
                    { "teams", Array.Empty<object>() },
                });
            }

            return Errors.Proxy(404, $"User {userId ?? "None"} not found", Errors.InternalServerError);
        }

        var user = slot.User;
        var teams = store.AllTeams
            .Where(t => user.Teams.Contains(t.TeamId) || t.MembersWithRoles.Any(m => m.UserId == user.UserId))
            .OrderBy(t => t.TeamAlias ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        var keys = store.KeyRowsOf(user.UserId).Where(k => k.TeamId != SandboxStore.UiSessionTeamId).Select(k => KeyWithTeamAlias(store, k)).ToList();
        return ApiResult.Ok(new JsonMap
        {
            { "user_id", user.UserId },
            { "user_info", Shapes.UserRow(user, store.OrgMembershipsOf(user.UserId)) },
            { "keys", keys },
            { "teams", teams.Select(Shapes.Team).ToList() },
        }, items: 1);
    }

    /// <summary><c>_get_user_info_for_proxy_admin</c>: every team and every key, for the caller.</summary>
    private static ApiResult GodModeInfo(RequestContext rc)
    {
        var store = rc.Store;
        var me = rc.Caller.UserId is { } id ? store.Slot(id)?.User : null;
        var teams = store.AllTeams.OrderBy(t => t.TeamAlias ?? string.Empty, StringComparer.Ordinal).ToList();
        var keys = store.AllKeys.Where(k => k.TeamId != SandboxStore.UiSessionTeamId).OrderBy(k => k.CreatedAt).Select(k => KeyWithTeamAlias(store, k)).ToList();
        return ApiResult.Ok(new JsonMap
        {
            { "user_id", rc.Caller.UserId },
            { "user_info", me is null ? null : Shapes.UserRow(me, store.OrgMembershipsOf(me.UserId)) },
            { "keys", keys },
            { "teams", teams.Select(Shapes.Team).ToList() },
        }, items: keys.Count);
    }

    /// <summary><c>_process_keys_for_user_info</c>: a key without a team gets the string <c>"None"</c> as team_alias.</summary>
    private static JsonMap KeyWithTeamAlias(SandboxStore store, SandboxKey key)
    {
        var map = Shapes.Key(key);
        map.Add("team_alias", key.TeamId is null ? "None" : store.TeamById(key.TeamId)?.TeamAlias);
        return map;
    }

    /// <summary>
    /// <c>_normalize_user_info_user_id</c>: query parsing turned a literal '+' into a space, so a value with a space is
    /// re-read from the raw query with <c>unquote</c> (not <c>unquote_plus</c>); ids over 512 characters or with
    /// control characters are then discarded.
    /// </summary>
    internal static string? NormalizeInfoUserId(RequestContext rc, string? userId)
    {
        if (userId is null || !userId.Contains(' ', StringComparison.Ordinal))
        {
            return userId;
        }

        var match = UserIdInQuery().Match(rc.RawQuery);
        if (!match.Success)
        {
            return null;
        }

        var raw = Uri.UnescapeDataString(match.Groups[1].Value);
        return raw.Length <= 512 && !raw.Any(c => c < 0x20) ? raw : null;
    }

    [GeneratedRegex("user_id=([^&]*)")]
    private static partial Regex UserIdInQuery();

    // ------------------------------------------------------------------ /v2/user/info

    public static ApiResult InfoV2(RequestContext rc)
    {
        var userId = NormalizeInfoUserId(rc, rc.Query("user_id")) ?? rc.Caller.UserId;
        if (userId is null)
        {
            return Errors.Proxy(400, "user_id is required. Either pass it as a query parameter or authenticate with a user-bound key.", Errors.InternalServerError);
        }

        var store = rc.Store;
        var user = store.Slot(userId)?.User;
        var allowed = rc.Caller.HasAdminView || rc.Caller.UserId == userId || (user is not null && CallerAdministersTeamOf(store, rc.Caller, user));
        if (user is null || !allowed)
        {
            return Errors.Proxy(404, $"User not found: {userId}", Errors.InternalServerError);
        }

        return ApiResult.Ok(new JsonMap
        {
            { "user_id", user.UserId },
            { "user_email", user.UserEmail },
            { "user_alias", user.UserAlias },
            { "user_role", user.UserRole },
            { "spend", user.Spend },
            { "max_budget", user.MaxBudget },
            { "models", user.Models },
            { "budget_duration", user.BudgetDuration },
            { "budget_reset_at", user.BudgetResetAt },
            { "metadata", user.Metadata },
            { "created_at", user.CreatedAt },
            { "updated_at", user.UpdatedAt },
            { "sso_user_id", user.SsoUserId },
            { "teams", user.Teams },
        }, items: 1);
    }

    private static bool CallerAdministersTeamOf(SandboxStore store, Caller caller, SandboxUser target) =>
        caller.UserId is { } me && target.Teams.Any(t =>
            store.TeamById(t) is { } team && team.MembersWithRoles.Any(m => m.UserId == me && m.Role == "admin"));

    // ------------------------------------------------------------------ /user/delete

    public static ApiResult Delete(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var reader = BodyReader.ForModel(rc.Body, ["body"], errors);
        var ids = reader?.StrList("user_ids", required: true);
        if (errors.Count > 0 || ids is null)
        {
            return Errors.Validation(errors);
        }

        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
        }

        var store = rc.Store;
        var adminOrgs = rc.Caller.IsProxyAdmin ? null : store.AdminOrgsOf(rc.Caller.UserId);
        if (adminOrgs is not null)
        {
            if (adminOrgs.Count == 0)
            {
                return Errors.DetailError(403, "Only PROXY_ADMIN or ORG_ADMIN users may delete users.");
            }
        }

        var outcome = store.DeleteUsersLegacy(
            ids,
            adminOrgs,
            rc.Sequence,
            cleanRosters: rc.Newer(LiteLlmChange.DeleteCleansTeamRosters),
            removeCreatedLinks: rc.Newer(LiteLlmChange.DeleteRemovesCreatedInvitations));
        if (outcome.NotFoundId is { } missing)
        {
            return Errors.DetailError(404, $"User not found, passed user_id={missing}").WithCommitted(outcome.Committed);
        }

        if (outcome.OutOfScopeId is { } outOfScope)
        {
            return Errors.DetailError(403, $"User {outOfScope} is not within your admin scope. Only PROXY_ADMIN may delete users outside your administered organizations.").WithCommitted(outcome.Committed);
        }

        if (outcome.ForeignKeyFailure is { } constraint)
        {
            // Fleet row 1 (issues #4740, #23114): the whole request fails, although keys, links, org and team
            // memberships of every requested user are already gone; the user rows stay.
            return Errors.Proxy(500, $"Foreign key constraint failed on the field: `{constraint}`", Errors.InternalServerError).WithCommitted(true);
        }

        return ApiResult.Ok(new JsonRawNumber(outcome.Deleted.ToString(System.Globalization.CultureInfo.InvariantCulture)), items: outcome.Deleted, committed: outcome.Committed);
    }

}
