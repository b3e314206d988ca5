using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/user/list</c>, <c>/user/filter/ui</c> and <c>/user/available_roles</c> (<c>get_users</c>, <c>ui_view_users</c>,
/// <c>ui_get_available_role</c> in <c>internal_user_endpoints.py</c>); errors are <c>{"detail": …}</c> (contract §3.4).
/// </summary>
internal static class UserListEndpoints
{
    private static readonly string[] SortColumns = ["user_id", "user_email", "created_at", "spend", "user_alias", "user_role"];

    public static ApiResult List(RequestContext rc)
    {
        // Query validation (FastAPI, before the handler): page ge=1; page_size ge=1, le=100.
        var errors = new List<JsonMap>();
        var (page, pageSize) = QueryParams.Paging(rc, "page_size", 25, errors);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
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
        var (total, slots) = Page(store, filter, sortBy, descending, skip, pageSize);
        var rows = slots.ConvertAll(store.ListRowOf);

        // The page is the users' cached rows copied one after another (see UserSlot.ListRow).
        return new ApiResult { Status = 200, Body = ListRowJson.Page(rows, total, page, pageSize), Items = rows.Count };
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

        var adminOrgs = store.OrgMembershipsOf(caller.UserId).Where(m => m.UserRole == "org_admin").Select(m => m.OrganizationId).ToList();
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

        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
        }

        var userId = rc.Query("user_id");
        var email = rc.Query("user_email");
        var store = rc.Store;
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

    public static ApiResult AvailableRoles(RequestContext rc) => ApiResult.Ok(new JsonMap
    {
        { "proxy_admin", new JsonMap { { "description", "admin over litellm proxy, has all permissions" }, { "ui_label", "Admin (All Permissions)" } } },
        { "proxy_admin_viewer", new JsonMap { { "description", "view all keys, view all spend" }, { "ui_label", "Admin (View Only)" } } },
        { "internal_user", new JsonMap { { "description", "view/create/delete their own keys, view their own spend" }, { "ui_label", "Internal User (Create/Delete/View)" } } },
        { "internal_user_viewer", new JsonMap { { "description", "view their own keys, view their own spend" }, { "ui_label", "Internal User (View Only)" } } },
    });
}
