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
    private static readonly string[] SortColumns = ["user_id", "user_email", "created_at", "spend", "user_alias", "user_role"];

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

        var store = rc.Store;
        lock (store.Gate)
        {
            // _check_duplicate_user_id / _check_duplicate_user_email: 409 HTTPException → handle_exception_on_proxy.
            if (!string.IsNullOrEmpty(model.UserId) && store.Slot(model.UserId.Trim()) is { } sameId)
            {
                return Errors.ProxyDict(409, $"User with id {sameId.User.UserId} already exists", Errors.InternalServerError);
            }

            if (!string.IsNullOrEmpty(model.UserEmail) && store.FindByEmailInsensitive(model.UserEmail) is { } sameEmail)
            {
                return Errors.ProxyDict(409, $"User with email {sameEmail.User.UserEmail} already exists", Errors.InternalServerError);
            }

            if (model.UserRole is "proxy_admin" or "proxy_admin_viewer" && !rc.Caller.IsProxyAdmin)
            {
                return Errors.Proxy(403, $"Only proxy admins can create administrative users (proxy_admin, proxy_admin_viewer). Attempted to create user with role: {model.UserRole}. Your role: {rc.Caller.Role ?? "None"}", Errors.InternalServerError);
            }

            var created = store.CreateUserLocked(model, rc.Caller.UserId);
            return ApiResult.Ok(NewUserResponse(model, created), items: 1, committed: true);
        }
    }

    /// <summary><c>NewUserResponse</c>: every field, nulls included; <c>teams</c> is null (memberships are written afterwards).</summary>
    private static JsonMap NewUserResponse(NewUserModel m, CreatedUser created)
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
            { "teams", null },
            { "user_alias", u.UserAlias },
        };
    }

    // ------------------------------------------------------------------ /user/info

    public static ApiResult Info(RequestContext rc)
    {
        var userId = NormalizeInfoUserId(rc, rc.Query("user_id"));
        var store = rc.Store;
        lock (store.Gate)
        {
            if (userId is null && rc.Caller.IsProxyAdmin)
            {
                return GodModeInfo(rc);
            }

            userId ??= rc.Caller.UserId;
            var slot = userId is null ? null : store.Slot(userId);
            if (slot is null)
            {
                if (rc.Options.LegacyUserInfo)
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
            var teams = store.TeamsLocked
                .Where(t => user.Teams.Contains(t.TeamId) || t.MembersWithRoles.Any(m => m.UserId == user.UserId))
                .OrderBy(t => t.TeamAlias ?? string.Empty, StringComparer.Ordinal)
                .ToList();
            var keys = store.KeysOfLocked(user.UserId).Where(k => k.TeamId != SandboxStore.UiSessionTeamId).Select(k => KeyWithTeamAlias(store, k)).ToList();
            return ApiResult.Ok(new JsonMap
            {
                { "user_id", user.UserId },
                { "user_info", Shapes.UserRow(user, store.OrgMembershipsOfLocked(user.UserId)) },
                { "keys", keys },
                { "teams", teams.Select(Shapes.Team).ToList() },
            }, items: 1);
        }
    }

    /// <summary><c>_get_user_info_for_proxy_admin</c>: every team and every key, for the caller.</summary>
    private static ApiResult GodModeInfo(RequestContext rc)
    {
        var store = rc.Store;
        var me = rc.Caller.UserId is { } id ? store.Slot(id)?.User : null;
        var teams = store.TeamsLocked.OrderBy(t => t.TeamAlias ?? string.Empty, StringComparer.Ordinal).ToList();
        var keys = store.AllKeysLocked.Where(k => k.TeamId != SandboxStore.UiSessionTeamId).OrderBy(k => k.CreatedAt).Select(k => KeyWithTeamAlias(store, k)).ToList();
        return ApiResult.Ok(new JsonMap
        {
            { "user_id", rc.Caller.UserId },
            { "user_info", me is null ? null : Shapes.UserRow(me, store.OrgMembershipsOfLocked(me.UserId)) },
            { "keys", keys },
            { "teams", teams.Select(Shapes.Team).ToList() },
        }, items: keys.Count);
    }

    /// <summary><c>_process_keys_for_user_info</c>: a key without a team gets the string <c>"None"</c> as team_alias.</summary>
    private static JsonMap KeyWithTeamAlias(SandboxStore store, SandboxKey key)
    {
        var map = Shapes.Key(key);
        map.Add("team_alias", key.TeamId is null ? "None" : store.TeamLocked(key.TeamId)?.TeamAlias);
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
        lock (store.Gate)
        {
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
    }

    private static bool CallerAdministersTeamOf(SandboxStore store, Caller caller, SandboxUser target) =>
        caller.UserId is { } me && target.Teams.Any(t =>
            store.TeamLocked(t) is { } team && team.MembersWithRoles.Any(m => m.UserId == me && m.Role == "admin"));

    // ------------------------------------------------------------------ /user/list

    public static ApiResult List(RequestContext rc)
    {
        // Query validation (FastAPI, before the handler): page ge=1; page_size ge=1, le=100.
        var errors = new List<JsonMap>();
        var (page, pageSize) = QueryParams.Paging(rc, "page_size", 25, errors);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var role = rc.Query("role");
        var userIds = rc.Query("user_ids");
        var ssoUserIds = rc.Query("sso_user_ids");
        var email = rc.Query("user_email");
        var team = rc.Query("team");
        var sortBy = rc.Query("sort_by");
        var sortOrder = rc.Query("sort_order") ?? "asc";
        var organizationIds = rc.Query("organization_ids");
        var store = rc.Store;

        int total;
        byte[][] rows;
        lock (store.Gate)
        {
            var (orgFilter, denied) = AuthorizeList(store, rc.Caller, organizationIds);
            if (denied is not null)
            {
                return denied;
            }

            if (QueryParams.SortError(sortBy, sortOrder, SortColumns) is { } sortError)
            {
                return Errors.DetailError(400, sortError);
            }

            var filter = UserFilter.Create(store, role, userIds, ssoUserIds, email, team, orgFilter);
            var descending = sortOrder.Equals("desc", StringComparison.OrdinalIgnoreCase);
            var skip = (long)(page - 1) * pageSize;
            (total, var slots) = Page(store, filter, sortBy, descending, skip, pageSize);
            rows = slots.ConvertAll(store.ListRowLocked).ToArray();
        }

        // Cached rows never change once written: the page is assembled outside the lock.
        return new ApiResult { Status = 200, Body = ListRowJson.Page(rows, total, page, pageSize), Items = rows.Length };
    }

    /// <summary>
    /// One page without materialising the whole table: the id index serves <c>sort_by=user_id</c>, the creation
    /// index the default <c>created_at desc</c>; filters with few candidates (ids, organisations, an email
    /// substring) sort just those; other sorts collect the matches and sort them. Ties break on user id.
    /// </summary>
    private static (int Total, List<UserSlot> Rows) Page(SandboxStore store, UserFilter filter, string? sortBy, bool descending, long skip, int take)
    {
        var ordered = sortBy switch
        {
            null => store.SlotsByCreated,
            "user_id" => store.SlotsById,
            "created_at" => store.SlotsByCreated,
            _ => null,
        };
        var reverse = sortBy is null || descending;

        // A filter that names its users (user_ids, organisations) or an email substring yields its few candidates
        // without a scan; sorted by the same total order, they page exactly like the scan below.
        if (filter.Candidates(store) is { } candidates && (ordered is null || candidates.Count * 16 < ordered.Count))
        {
            var found = candidates.Where(filter.Matches).ToList();
            found.Sort(SlotComparison(sortBy, descending));
            var from = (int)Math.Min(skip, found.Count);
            return (found.Count, found.GetRange(from, Math.Min(take, found.Count - from)));
        }

        if (ordered is not null)
        {
            if (filter.IsEmpty)
            {
                var rows = new List<UserSlot>(take);
                foreach (var slot in ordered.From(skip, reverse))
                {
                    if (rows.Count >= take)
                    {
                        break;
                    }

                    rows.Add(slot);
                }

                return (ordered.Count, rows);
            }

            var total = 0;
            var page = new List<UserSlot>();
            foreach (var slot in ordered.From(0, reverse))
            {
                if (!filter.Matches(slot))
                {
                    continue;
                }

                if (total >= skip && page.Count < take)
                {
                    page.Add(slot);
                }

                total++;
            }

            return (total, page);
        }

        var matches = store.SlotsById.From(0, descending: false).Where(filter.Matches).ToList();
        var comparer = SortComparer(sortBy!, descending);
        matches.Sort((a, b) => comparer(a.User, b.User));
        return (matches.Count, matches.Skip((int)Math.Min(skip, int.MaxValue)).Take(take).ToList());
    }

    /// <summary>The order <see cref="Page"/> gives: the id or creation index (reversed for <c>desc</c> and for the
    /// default <c>created_at desc</c>), else <see cref="SortComparer"/>.</summary>
    private static Comparison<UserSlot> SlotComparison(string? sortBy, bool descending)
    {
        switch (sortBy)
        {
            case null:
                return (a, b) => UserSlot.ByCreated.Compare(b, a);
            case "user_id" or "created_at":
                var index = sortBy == "user_id" ? UserSlot.ById : UserSlot.ByCreated;
                return descending ? (a, b) => index.Compare(b, a) : index.Compare;
            default:
                var comparer = SortComparer(sortBy, descending);
                return (a, b) => comparer(a.User, b.User);
        }
    }

    /// <summary>Postgres order: NULLS LAST ascending, NULLS FIRST descending; strings compare ordinally (C collation).</summary>
    private static Comparison<SandboxUser> SortComparer(string column, bool descending)
    {
        Comparison<SandboxUser> primary = column switch
        {
            "user_email" => (a, b) => CompareNullable(a.UserEmail, b.UserEmail),
            "user_alias" => (a, b) => CompareNullable(a.UserAlias, b.UserAlias),
            "user_role" => (a, b) => CompareNullable(a.UserRole, b.UserRole),
            _ => (a, b) => a.Spend.CompareTo(b.Spend),
        };
        return (a, b) =>
        {
            var c = descending ? -primary(a, b) : primary(a, b);
            return c != 0 ? c : string.CompareOrdinal(a.UserId, b.UserId);
        };

        static int CompareNullable(string? x, string? y) =>
            x is null ? (y is null ? 0 : 1) : y is null ? -1 : string.CompareOrdinal(x, y);
    }

    /// <summary><c>_authorize_user_list_request</c>: admins (incl. viewers) see all; org admins their orgs; others 403.</summary>
    private static (IReadOnlyList<string>? OrgFilter, ApiResult? Denied) AuthorizeList(SandboxStore store, Caller caller, string? organizationIds)
    {
        var requested = organizationIds?.Split(',').Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
        if (caller.HasAdminView)
        {
            return (requested is { Count: > 0 } ? requested : null, null);
        }

        var denied = Errors.DetailError(403, "Only proxy admins and organization admins can list users.");
        if (caller.UserId is null || store.Slot(caller.UserId) is null)
        {
            return (null, denied);
        }

        var adminOrgs = store.OrgMembershipsOfLocked(caller.UserId).Where(m => m.UserRole == "org_admin").Select(m => m.OrganizationId).ToList();
        if (adminOrgs.Count == 0)
        {
            return (null, denied);
        }

        if (!string.IsNullOrEmpty(organizationIds))
        {
            var overlap = requested!.Intersect(adminOrgs).ToList();
            return overlap.Count == 0
                ? (null, Errors.DetailError(403, "You do not have org_admin access to the requested organization(s)."))
                : (overlap, null);
        }

        return (adminOrgs, null);
    }

    // ------------------------------------------------------------------ /user/filter/ui and /user/available_roles

    public static ApiResult FilterUi(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var (page, pageSize) = QueryParams.Paging(rc, "page_size", 50, errors);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var userId = rc.Query("user_id");
        var email = rc.Query("user_email");
        var store = rc.Store;
        lock (store.Gate)
        {
            var rows = new List<JsonMap>();
            var skip = (long)(page - 1) * pageSize;
            var seen = 0L;
            foreach (var slot in store.SlotsByCreated.From(0, descending: true))
            {
                if (rows.Count >= pageSize)
                {
                    break;
                }

                var u = slot.User;
                if ((!string.IsNullOrEmpty(userId) && !u.UserId.Contains(userId, StringComparison.OrdinalIgnoreCase))
                    || (!string.IsNullOrEmpty(email) && (u.UserEmail is null || !u.UserEmail.Contains(email, StringComparison.OrdinalIgnoreCase))))
                {
                    continue;
                }

                if (seen++ >= skip)
                {
                    rows.Add(new JsonMap { { "user_id", u.UserId }, { "user_email", u.UserEmail } });
                }
            }

            return ApiResult.Ok(rows, items: rows.Count);
        }
    }

    public static ApiResult AvailableRoles(RequestContext rc) => ApiResult.Ok(new JsonMap
    {
        { "proxy_admin", new JsonMap { { "description", "admin over litellm proxy, has all permissions" }, { "ui_label", "Admin (All Permissions)" } } },
        { "proxy_admin_viewer", new JsonMap { { "description", "view all keys, view all spend" }, { "ui_label", "Admin (View Only)" } } },
        { "internal_user", new JsonMap { { "description", "view/create/delete their own keys, view their own spend" }, { "ui_label", "Internal User (Create/Delete/View)" } } },
        { "internal_user_viewer", new JsonMap { { "description", "view their own keys, view their own spend" }, { "ui_label", "Internal User (View Only)" } } },
    });

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

        var store = rc.Store;
        var adminOrgs = rc.Caller.IsProxyAdmin ? null : store.AdminOrgsOf(rc.Caller.UserId);
        if (adminOrgs is not null)
        {
            if (adminOrgs.Count == 0)
            {
                return Errors.DetailError(403, "Only PROXY_ADMIN or ORG_ADMIN users may delete users.");
            }
        }

        var outcome = store.DeleteUsersLegacy(ids, adminOrgs, rc.Sequence);
        if (outcome.NotFoundId is { } missing)
        {
            return Errors.DetailError(404, $"User not found, passed user_id={missing}").WithCommitted(outcome.Committed);
        }

        if (outcome.OutOfScopeId is { } outOfScope)
        {
            return Errors.DetailError(403, $"User {outOfScope} is not within your admin scope. Only PROXY_ADMIN may delete users outside your administered organizations.").WithCommitted(outcome.Committed);
        }

        return ApiResult.Ok(new JsonRawNumber(outcome.Deleted.ToString(System.Globalization.CultureInfo.InvariantCulture)), items: outcome.Deleted, committed: outcome.Committed);
    }

    /// <summary>Filters of <c>get_users</c>, AND-ed (<c>where_conditions</c>).</summary>
    private sealed class UserFilter
    {
        private string? _role;
        private string? _idContains;
        private HashSet<string>? _idIn;
        private HashSet<string>? _ssoIn;
        private string? _emailContains;
        private string? _team;
        private HashSet<string>? _orgUsers;

        public bool IsEmpty { get; private set; } = true;

        public static UserFilter Create(SandboxStore store, string? role, string? userIds, string? ssoUserIds, string? email, string? team, IReadOnlyList<string>? orgIds)
        {
            var f = new UserFilter();
            if (!string.IsNullOrEmpty(role))
            {
                f._role = role;
            }

            if (!string.IsNullOrEmpty(userIds))
            {
                var list = userIds.Split(',').Select(u => u.Trim()).Where(u => u.Length > 0).ToList();
                if (list.Count == 1)
                {
                    f._idContains = list[0];
                }
                else
                {
                    f._idIn = list.ToHashSet(StringComparer.Ordinal);
                }
            }

            if (email is not null)
            {
                // Prisma `contains` + `mode: insensitive`; "" still drops NULL emails (contract §3.4).
                f._emailContains = email.ToLowerInvariant();
            }

            if (team is not null)
            {
                f._team = team;
            }

            if (ssoUserIds is not null)
            {
                f._ssoIn = ssoUserIds.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
            }

            if (orgIds is { Count: > 0 })
            {
                var orgs = orgIds.ToHashSet(StringComparer.Ordinal);
                f._orgUsers = store.OrganizationMembershipsLocked.Where(m => orgs.Contains(m.OrganizationId)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
            }

            f.IsEmpty = f._role is null && f._idContains is null && f._idIn is null && f._emailContains is null && f._team is null && f._ssoIn is null && f._orgUsers is null;
            return f;
        }

        /// <summary>
        /// The slots that can match, found without a scan: the named ids (<c>user_ids</c> with several ids), the
        /// users of the organisations, or the users whose email contains the filter; <c>null</c> when only a scan
        /// can tell. Each candidate appears once; <see cref="Matches"/> still decides.
        /// </summary>
        public List<UserSlot>? Candidates(SandboxStore store)
        {
            var named = _idIn ?? _orgUsers;
            if (_idIn is not null && _orgUsers is not null && _orgUsers.Count < _idIn.Count)
            {
                named = _orgUsers;
            }

            if (named is not null)
            {
                var slots = new List<UserSlot>(named.Count);
                foreach (var id in named)
                {
                    if (store.Slot(id) is { } slot)
                    {
                        slots.Add(slot);
                    }
                }

                return slots;
            }

            return _emailContains is null ? null : store.FindEmailsContainingLower(_emailContains);
        }

        public bool Matches(UserSlot slot)
        {
            var u = slot.User;
            return (_role is null || u.UserRole == _role)
            && (_idContains is null || u.UserId.Contains(_idContains, StringComparison.OrdinalIgnoreCase))
            && (_idIn is null || _idIn.Contains(u.UserId))
            && (_emailContains is null || (slot.EmailLower is { } email && email.Contains(_emailContains, StringComparison.Ordinal)))
            && (_team is null || u.Teams.Contains(_team))
            && (_ssoIn is null || (u.SsoUserId is not null && _ssoIn.Contains(u.SsoUserId)))
            && (_orgUsers is null || _orgUsers.Contains(u.UserId));
        }
    }
}
