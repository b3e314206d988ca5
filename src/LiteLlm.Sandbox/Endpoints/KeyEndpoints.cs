using System.Globalization;
using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary><c>/key/generate</c>, <c>/key/list</c>, <c>/key/info</c>, mirroring <c>key_management_endpoints.py</c>.</summary>
internal static class KeyEndpoints
{
    private static readonly string[] SortColumns = ["spend", "max_budget", "created_at", "updated_at", "token", "key_alias"];

    public static ApiResult Generate(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body ?? SandboxJson.EmptyObject, ["body"], errors);
        if (r is null)
        {
            return Errors.Validation(errors);
        }

        var keyAlias = r.Str("key_alias");
        var duration = r.Str("duration");
        var models = r.AnyList("models");
        r.Float("spend");
        var maxBudget = r.Float("max_budget");
        var userId = r.Str("user_id");
        var teamId = r.Str("team_id");
        var metadata = r.Dict("metadata");
        r.Int("tpm_limit");
        r.Int("rpm_limit");
        r.Str("budget_duration");
        var rawKey = r.Str("key");
        r.Bool("blocked");
        var organizationId = r.Str("organization_id");
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var caller = rc.Caller;
        if (!caller.IsProxyAdmin)
        {
            // _is_allowed_to_make_key_request: personal keys only for yourself.
            if (userId is not null && userId != caller.UserId)
            {
                return Errors.Proxy(403, $"User can only create keys for themselves. Got user_id={userId}, Your ID={caller.UserId ?? "None"}", Errors.InternalServerError);
            }

            userId ??= caller.UserId;
        }

        var store = rc.Store;
        if (rawKey is not null && store.FindKeyByToken(SandboxStore.HashToken(rawKey)) is not null)
        {
            return Errors.ProxyDict(400, "Key with this token already exists.", Errors.InternalServerError);
        }

        var modelList = models?.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
        var (secret, key) = store.IssueKey(userId, keyAlias, teamId, rawKey, caller.UserId, modelList, maxBudget, metadata);
        if (organizationId is not null)
        {
            key = key with { OrganizationId = organizationId };
            store.RemoveKey(store.FindKeyByToken(key.Token)!);
            store.AddKeyRow(key);
        }

        return ApiResult.Ok(GenerateKeyResponse(key, secret, duration), items: 1, committed: true);
    }

    /// <summary><c>GenerateKeyResponse</c>: <c>key</c> carries the new secret; <c>token</c> and <c>token_id</c> its hash
    /// (fleet row 6: 1.77.1 <c>_common_key_generation_helper</c> sets <c>response["token_id"] = response["token"]</c>
    /// after <c>generate_key_helper_fn</c> stored the hashed token under <c>token</c>).</summary>
    private static JsonMap GenerateKeyResponse(SandboxKey k, string secret, string? duration) => new()
    {
        { "key_alias", k.KeyAlias },
        { "duration", duration },
        { "models", k.Models },
        { "spend", k.Spend },
        { "max_budget", k.MaxBudget },
        { "user_id", k.UserId },
        { "team_id", k.TeamId },
        { "agent_id", null },
        { "max_parallel_requests", null },
        { "metadata", k.Metadata },
        { "tpm_limit", null },
        { "rpm_limit", null },
        { "budget_duration", null },
        { "allowed_cache_controls", Array.Empty<string>() },
        { "config", new JsonMap() },
        { "permissions", new JsonMap() },
        { "model_max_budget", new JsonMap() },
        { "model_rpm_limit", null },
        { "model_tpm_limit", null },
        { "guardrails", null },
        { "policies", null },
        { "prompts", null },
        { "blocked", k.Blocked },
        { "aliases", new JsonMap() },
        { "object_permission", null },
        { "key", secret },
        { "budget_id", null },
        { "tags", null },
        { "enforced_params", null },
        { "allowed_routes", Array.Empty<string>() },
        { "allowed_passthrough_routes", null },
        { "allowed_vector_store_indexes", null },
        { "rpm_limit_type", null },
        { "tpm_limit_type", null },
        { "router_settings", new JsonMap() },
        { "access_group_ids", Array.Empty<string>() },
        { "key_name", k.KeyName },
        { "expires", k.Expires },
        { "token_id", k.Token },
        { "organization_id", k.OrganizationId },
        { "project_id", null },
        { "litellm_budget_table", null },
        { "token", k.Token },
        { "created_by", k.CreatedBy },
        { "updated_by", k.UpdatedBy },
        { "created_at", k.CreatedAt },
        { "updated_at", k.UpdatedAt },
    };

    /// <summary>
    /// <c>/key/info</c>: without <c>key</c> it reports the calling key itself (its <c>key</c> field is then the hashed
    /// token). The master key is not a row of the key table, so for it the answer is 404 "Key not found in database".
    /// </summary>
    public static ApiResult Info(RequestContext rc)
    {
        var requested = rc.Query("key");
        var caller = rc.Caller;
        string? lookup;
        string? echoed;
        if (!string.IsNullOrEmpty(requested))
        {
            echoed = requested;
            lookup = requested.StartsWith("sk-", StringComparison.Ordinal) ? SandboxStore.HashToken(requested) : requested;
        }
        else
        {
            lookup = caller.Key?.Token ?? (caller.IsMasterKey && rc.Options.MasterKey is { } master ? SandboxStore.HashToken(master) : null);
            echoed = lookup;
        }

        var store = rc.Store;
        var key = lookup is null ? null : store.FindKeyByToken(lookup);
        if (key is null)
        {
            return Errors.Proxy(404, "Key not found in database", "not_found_error", "key");
        }

        var allowed = caller.HasAdminView || (caller.UserId is not null && key.UserId == caller.UserId) || caller.Key?.Token == key.Token;
        if (!allowed)
        {
            return Errors.Proxy(403, $"You are not allowed to access this key's info. Your role={caller.Role ?? "None"}", Errors.InternalServerError);
        }

        // "REMOVE HASHED TOKEN INFO BEFORE RETURNING".
        return ApiResult.Ok(new JsonMap { { "key", echoed }, { "info", Shapes.KeyWithoutToken(key) } }, items: 1);
    }

    /// <summary><c>/key/list</c>: paged (<c>size</c> 1–100, default 10), newest first; hashes unless <c>return_full_object</c>.</summary>
    public static ApiResult List(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var (page, size) = QueryParams.Paging(rc, "size", 10, errors);
        var fullObject = QueryParams.Bool(rc, "return_full_object", errors);
        var includeTeamKeys = QueryParams.Bool(rc, "include_team_keys", errors);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var userId = rc.Query("user_id");
        var teamId = rc.Query("team_id");
        var organizationId = rc.Query("organization_id");
        var keyHash = rc.Query("key_hash");
        var keyAlias = rc.Query("key_alias");
        var sortBy = rc.Query("sort_by");
        var sortOrder = rc.Query("sort_order") ?? "desc";
        var caller = rc.Caller;

        if (!caller.HasAdminView)
        {
            // validate_key_list_check: non-admins may only list their own keys.
            if (userId is not null && userId != caller.UserId)
            {
                return Errors.Proxy(403, $"Only admin users can query all keys/other keys. Your user role={caller.Role ?? "None"}", Errors.AuthError, "user_id");
            }

            userId ??= caller.UserId;
        }

        if (QueryParams.SortError(sortBy, sortOrder, SortColumns) is { } sortError)
        {
            return Errors.ProxyDict(400, sortError, Errors.InternalServerError);
        }

        var store = rc.Store;
        var adminTeams = includeTeamKeys && caller.UserId is { } me
            ? store.AllTeams.Where(t => t.MembersWithRoles.Any(m => m.UserId == me && m.Role == "admin")).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal)
            : [];
        bool Own(SandboxKey k) =>
            (userId is null || k.UserId == userId) && (teamId is null || k.TeamId == teamId) && (keyAlias is null || k.KeyAlias == keyAlias)
            && (organizationId is null || k.OrganizationId == organizationId) && (keyHash is null || k.Token == keyHash);
        var matches = store.AllKeys
            .Where(k => k.TeamId != SandboxStore.UiSessionTeamId && (Own(k) || (k.TeamId is not null && adminTeams.Contains(k.TeamId))))
            .ToList();
        var descending = !sortOrder.Equals("asc", StringComparison.OrdinalIgnoreCase);
        IOrderedEnumerable<SandboxKey> ordered = sortBy switch
        {
            null => matches.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Token, StringComparer.Ordinal),
            "spend" => descending ? matches.OrderByDescending(k => k.Spend) : matches.OrderBy(k => k.Spend),
            "max_budget" => descending ? matches.OrderByDescending(k => k.MaxBudget) : matches.OrderBy(k => k.MaxBudget),
            "updated_at" => descending ? matches.OrderByDescending(k => k.UpdatedAt) : matches.OrderBy(k => k.UpdatedAt),
            "token" => descending ? matches.OrderByDescending(k => k.Token, StringComparer.Ordinal) : matches.OrderBy(k => k.Token, StringComparer.Ordinal),
            "key_alias" => descending ? matches.OrderByDescending(k => k.KeyAlias, StringComparer.Ordinal) : matches.OrderBy(k => k.KeyAlias, StringComparer.Ordinal),
            _ => descending ? matches.OrderByDescending(k => k.CreatedAt) : matches.OrderBy(k => k.CreatedAt),
        };
        var pageKeys = ordered.Skip((page - 1) * size).Take(size).ToList();
        var keys = fullObject ? pageKeys.Select(k => (object)Shapes.Key(k)).ToList() : pageKeys.Select(k => (object)k.Token).ToList();
        return ApiResult.Ok(new JsonMap
        {
            { "keys", keys },
            { "total_count", matches.Count },
            { "current_page", page },
            { "total_pages", (matches.Count + size - 1) / size },
        }, items: keys.Count);
    }
}

/// <summary>FastAPI query-parameter validation (<c>int</c> with bounds, <c>bool</c>) and the list endpoints' shared checks.</summary>
internal static class QueryParams
{
    /// <summary><c>page</c> (ge=1) and a page-size parameter (ge=1, le=100), both validated before the handler runs.</summary>
    public static (int Page, int Size) Paging(RequestContext rc, string sizeName, int defaultSize, List<JsonMap> errors) =>
        (Int(rc, "page", 1, 1, null, errors), Int(rc, sizeName, defaultSize, 1, 100, errors));

    /// <summary><c>_validate_sort_params</c> (user and key lists): the error text, or null when the sort is valid.</summary>
    public static string? SortError(string? sortBy, string sortOrder, IReadOnlyList<string> columns)
    {
        if (sortBy is null)
        {
            return null;
        }

        if (!columns.Contains(sortBy))
        {
            return "Invalid sort column. Must be one of: " + string.Join(", ", columns);
        }

        return sortOrder.ToLowerInvariant() is "asc" or "desc" ? null : "Invalid sort order. Must be 'asc' or 'desc'";
    }

    public static int Int(RequestContext rc, string name, int fallback, int min, int? max, List<JsonMap> errors)
    {
        var raw = rc.Query(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(Errors.ValidationItem("int_parsing", ["query", name], "Input should be a valid integer, unable to parse string as an integer", raw));
            return fallback;
        }

        if (value < min)
        {
            errors.Add(Errors.ValidationItem("greater_than_equal", ["query", name], $"Input should be greater than or equal to {min}", raw, new JsonMap { { "ge", min } }));
            return fallback;
        }

        if (max is { } le && value > le)
        {
            errors.Add(Errors.ValidationItem("less_than_equal", ["query", name], $"Input should be less than or equal to {le}", raw, new JsonMap { { "le", le } }));
            return fallback;
        }

        return value > int.MaxValue ? int.MaxValue : (int)value;
    }

    public static bool Bool(RequestContext rc, string name, List<JsonMap> errors)
    {
        var raw = rc.Query(name);
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null:
                return false;
            case "true" or "1" or "yes" or "y" or "on" or "t":
                return true;
            case "false" or "0" or "no" or "n" or "off" or "f":
                return false;
            default:
                errors.Add(Errors.ValidationItem("bool_parsing", ["query", name], "Input should be a valid boolean, unable to interpret input", raw));
                return false;
        }
    }
}
