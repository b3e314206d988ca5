using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Sandbox.Http;

/// <summary>Who is calling, as LiteLLM's <c>UserAPIKeyAuth</c> sees it.</summary>
internal sealed record Caller(string? UserId, string? Role, bool IsMasterKey, SandboxKey? Key)
{
    public const string ProxyAdmin = "proxy_admin";
    public const string ProxyAdminViewer = "proxy_admin_viewer";
    public const string InternalUser = "internal_user";
    public const string InternalUserViewer = "internal_user_viewer";

    /// <summary>LiteLLM's <c>litellm_proxy_admin_name</c> default: the master key's user id.</summary>
    public const string DefaultAdminName = "default_user_id";

    public bool IsProxyAdmin => Role == ProxyAdmin;

    /// <summary><c>_user_has_admin_view</c>: proxy admin or proxy admin viewer.</summary>
    public bool HasAdminView => Role is ProxyAdmin or ProxyAdminViewer;
}

/// <summary>
/// Authentication and route authorization, mirroring <c>litellm/proxy/auth/user_api_key_auth.py</c>
/// (<c>get_api_key</c>, the master-key and key-table checks) and <c>route_checks.py</c>
/// (<c>non_proxy_admin_allowed_routes_check</c>). Every failure is envelope A.
/// </summary>
internal static class Auth
{
    // LiteLLMRoutes lists (litellm/proxy/_types.py), reduced to the routes the sandbox serves or that matter for them.
    private static readonly HashSet<string> InfoRoutes = new(StringComparer.Ordinal)
    {
        "/key/info", "/key/health", "/team/info", "/team/list", "/v2/team/list", "/organization/list", "/team/available",
        "/user/info", "/v2/user/info", "/model/info", "/v1/model/info", "/v2/model/info", "/v2/key/info",
        "/model_group/info", "/health", "/health/services", "/key/list", "/user/filter/ui", "/models", "/v1/models",
        "/sso/get/ui_settings",
    };

    private static readonly HashSet<string> KeyManagementRoutes = new(StringComparer.Ordinal)
    {
        "/key/generate", "/key/update", "/key/delete", "/key/info", "/key/regenerate", "/key/service-account/generate",
        "/key/list", "/key/block", "/key/unblock", "/key/bulk_update", "/team/daily/activity", "/spend/logs", "/key/aliases",
    };

    private static readonly HashSet<string> SelfManagedRoutes = new(StringComparer.Ordinal)
    {
        "/team/member_add", "/team/member_delete", "/team/member_update", "/team/permissions_list", "/team/permissions_update",
        "/team/daily/activity", "/model/new", "/model/update", "/model/delete", "/user/daily/activity", "/user/available_roles",
        "/user/list", "/prompt/list", "/prompt/info", "/invitation/new", "/invitation/delete", "/guardrails/register",
        "/guardrails/submissions",
    };

    private static readonly HashSet<string> ManagementRoutes = new(StringComparer.Ordinal)
    {
        "/user/new", "/user/update", "/user/bulk_update", "/user/delete", "/user/info", "/user/list", "/user/daily/activity",
        "/user/daily/activity/aggregated", "/team/new", "/team/update", "/team/delete", "/team/list", "/v2/team/list",
        "/team/info", "/team/block", "/team/unblock", "/team/available", "/team/permissions_list", "/team/permissions_update",
        "/team/daily/activity", "/model/new", "/model/update", "/model/delete", "/model/info",
        "/key/generate", "/key/update", "/key/delete", "/key/info", "/key/regenerate", "/key/service-account/generate",
        "/key/list", "/key/block", "/key/unblock", "/key/bulk_update", "/spend/logs", "/key/aliases",
    };

    private static readonly HashSet<string> AdminViewerRoutes = new(StringComparer.Ordinal)
    {
        "/user/list", "/user/available_users", "/user/available_roles", "/user/daily/activity", "/team/daily/activity",
        "/tag/daily/activity", "/tag/list", "/audit", "/global/activity", "/global/activity/model", "/global/activity/cache_hits",
    };

    private static readonly HashSet<string> AdminViewerBlockedWrites = new(StringComparer.Ordinal)
    {
        "/user/new", "/user/delete", "/user/bulk_update", "/team/new", "/team/update", "/team/delete", "/model/new",
        "/model/update", "/model/delete", "/key/generate", "/key/delete", "/key/update", "/key/regenerate",
        "/key/service-account/generate", "/key/block", "/key/unblock",
    };

    /// <summary>Header names that may carry the key, in LiteLLM's precedence order (<c>SpecialHeaders</c>).</summary>
    public static readonly string[] KeyHeaders =
        ["x-litellm-api-key", "Authorization", "API-Key", "x-api-key", "x-goog-api-key", "Ocp-Apim-Subscription-Key"];

    public static (Caller? Caller, ApiResult? Error) Authenticate(HttpRequest request, string route, JsonElement? body, SandboxStore store, SandboxOptions options)
    {
        if (options.MasterKey is null)
        {
            // No master key configured: LiteLLM returns UserAPIKeyAuth(user_role=PROXY_ADMIN) without any check.
            return (new Caller(null, Caller.ProxyAdmin, IsMasterKey: true, Key: null), null);
        }

        var (apiKey, passedIn) = ReadKey(request);
        if (apiKey is null)
        {
            return (null, Fail("No api key passed in."));
        }

        if (apiKey.Length == 0)
        {
            var message = "Malformed API Key passed in. Ensure Key has `Bearer ` prefix.";
            return (null, Fail(options.EchoKeyInAuthErrors ? message + " Passed in: " + passedIn : message));
        }

        if (FixedTimeEquals(apiKey, options.MasterKey))
        {
            return (new Caller(Caller.DefaultAdminName, Caller.ProxyAdmin, IsMasterKey: true, Key: null), null);
        }

        if (options.NoDatabase)
        {
            // Without a database only the master key can be checked; any other key fails before its prefix is looked at.
            return (null, NoDatabase.KeyWithoutDatabase());
        }

        if (!apiKey.StartsWith("sk-", StringComparison.Ordinal))
        {
            var shown = options.EchoKeyInAuthErrors ? apiKey : MaskNonVirtualKey(apiKey);
            return (null, Fail($"LiteLLM Virtual Key expected. Received={shown}, expected to start with 'sk-'."));
        }

        var token = SandboxStore.HashToken(apiKey);
        var key = store.FindKeyByToken(token);
        var owner = key?.UserId is { } uid ? store.Slot(uid)?.User : null;
        var orgs = owner is null ? [] : store.OrgMembershipsOf(owner.UserId).ToList();

        if (key is null)
        {
            var shown = options.EchoKeyInAuthErrors ? apiKey : SandboxStore.AbbreviateKey(apiKey);
            return (null, Errors.Proxy(
                401,
                $"Authentication Error, Invalid proxy server token passed. Received API Key = {shown}, Key Hash (Token) ={token}. Unable to find token in cache or `LiteLLM_VerificationTokenTable`",
                "token_not_found_in_db",
                "key"));
        }

        if (key.Blocked == true)
        {
            // _user_api_key_auth_builder: `if valid_token.blocked is True: raise Exception("Key is blocked. …")`, turned
            // into 401 auth_error by UserAPIKeyAuthExceptionHandler (contract §2.3), before any route check.
            return (null, Fail("Key is blocked. Update via `/key/unblock` if you're admin."));
        }

        var caller = new Caller(key.UserId, RoleOf(owner), IsMasterKey: false, key);
        if (caller.IsProxyAdmin)
        {
            return (caller, null);
        }

        var denied = CheckNonAdminRoute(request, route, body, caller, owner, orgs);
        return denied is null ? (caller, null) : (null, denied);
    }

    /// <summary>
    /// <c>auth_checks._get_user_role</c> (fleet row 7): no user row → no role; a role LiteLLM does not know, or none
    /// (<c>user_role</c> null), → <c>internal_user</c>, so such a key may still use the key-management routes.
    /// </summary>
    internal static string? RoleOf(SandboxUser? owner) =>
        owner is null ? null
        : owner.UserRole is Caller.ProxyAdmin or Caller.ProxyAdminViewer or Caller.InternalUser or Caller.InternalUserViewer or "org_admin" or "team" or "customer" ? owner.UserRole
        : Caller.InternalUser;

    /// <summary><c>get_api_key</c>: first header present wins; returns (key, raw header value).
    /// An <c>Authorization</c> header without a recognised scheme yields an empty key (→ "Malformed").</summary>
    internal static (string? Key, string? PassedIn) ReadKey(HttpRequest request)
    {
        var custom = Header(request, "x-litellm-api-key");
        if (custom is not null)
        {
            return (StripScheme(custom) ?? custom, custom);
        }

        var authorization = Header(request, "Authorization");
        if (authorization is not null)
        {
            return (StripScheme(authorization) ?? string.Empty, authorization);
        }

        foreach (var name in KeyHeaders.AsSpan(2))
        {
            if (Header(request, name) is { } raw)
            {
                return (raw, raw);
            }
        }

        return (null, null);
    }

    private static string? Header(HttpRequest request, string name)
    {
        var value = request.Headers[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static string? StripScheme(string value)
    {
        foreach (var scheme in (string[])["Bearer ", "Basic ", "bearer "])
        {
            if (value.StartsWith(scheme, StringComparison.Ordinal))
            {
                return value.Replace(scheme, string.Empty, StringComparison.Ordinal);
            }
        }

        if (value.StartsWith("AWS4-HMAC-SHA256", StringComparison.Ordinal))
        {
            var match = System.Text.RegularExpressions.Regex.Match(value, @"Credential=(?:Bearer\s+)?([^/\s,]+)");
            return match.Success ? match.Groups[1].Value : string.Empty;
        }

        return null;
    }

    /// <summary><c>secrets.compare_digest</c>: compare fixed-length digests so neither content nor length leaks through timing.</summary>
    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>How current LiteLLM shows a non-<c>sk-</c> key: first and last four characters (<c>abcd****wxyz</c>).</summary>
    internal static string MaskNonVirtualKey(string key) => key.Length > 8 ? key[..4] + "****" + key[^4..] : "****";

    /// <summary><c>RouteChecks._mask_user_id</c>: <c>SensitiveDataMasker(visible_prefix=6, visible_suffix=2)</c>.</summary>
    internal static string MaskUserId(string? userId)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length <= 4)
        {
            return "***";
        }

        return userId.Length <= 8 ? new string('*', userId.Length) : userId[..6] + new string('*', userId.Length - 8) + userId[^2..];
    }

    private static ApiResult Fail(string message) => Errors.Proxy(401, "Authentication Error, " + message, Errors.AuthError);

    private static ApiResult Forbidden(string message) => Errors.Proxy(403, message, Errors.AuthError);

    private static ApiResult? CheckNonAdminRoute(HttpRequest request, string route, JsonElement? body, Caller caller, SandboxUser? owner, List<SandboxOrganizationMembership> orgs)
    {
        if (InfoRoutes.Contains(route))
        {
            if (route == "/user/info")
            {
                var requested = request.Query["user_id"].ToString();
                if (requested.Length > 0 && requested != caller.UserId)
                {
                    return Forbidden($"key not allowed to access this user's info. user_id={requested}, key's user_id={caller.UserId ?? "None"}");
                }
            }

            return null;
        }

        if (caller.Role == Caller.ProxyAdminViewer)
        {
            return CheckAdminViewer(request.Method, route, body);
        }

        if (caller.Role == Caller.InternalUser && KeyManagementRoutes.Contains(route))
        {
            return null;
        }

        if (IsOrgAdminForRequest(body, orgs) && (ManagementRoutes.Contains(route) || SelfManagedRoutes.Contains(route) || AdminViewerRoutes.Contains(route)))
        {
            return null;
        }

        if (SelfManagedRoutes.Contains(route))
        {
            return null;
        }

        var role = caller.Role ?? "unknown";
        var userId = owner?.UserId ?? "unknown";
        return Fail($"Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route={route}. Your role={role}. Your user_id={MaskUserId(userId)}");
    }

    /// <summary><c>RouteChecks._check_proxy_admin_viewer_access</c>.</summary>
    private static ApiResult? CheckAdminViewer(string method, string route, JsonElement? body)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return null;
        }

        const string role = Caller.ProxyAdminViewer;
        if (route == "/user/update")
        {
            if (body is { ValueKind: JsonValueKind.Object } element)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is not ("user_email" or "password"))
                    {
                        return Forbidden($"user not allowed to access this route, role= {role}. Trying to access: {route} and updating invalid param: {property.Name}. only user_email and password can be updated");
                    }
                }
            }

            return null;
        }

        if (AdminViewerBlockedWrites.Contains(route) || (route.StartsWith("/key/", StringComparison.Ordinal) && route.EndsWith("/regenerate", StringComparison.Ordinal)))
        {
            return Forbidden($"user not allowed to access this route, role= {role}. Trying to access: {route}");
        }

        return AdminViewerRoutes.Contains(route) || ManagementRoutes.Contains(route)
            ? null
            : Forbidden($"user not allowed to access this route, role= {role}. Trying to access: {route}");
    }

    /// <summary><c>_user_is_org_admin</c>: the body names an organisation (<c>organization_id</c> or
    /// <c>organizations</c>) in which the caller is <c>org_admin</c>.</summary>
    private static bool IsOrgAdminForRequest(JsonElement? body, List<SandboxOrganizationMembership> orgs)
    {
        if (body is not { ValueKind: JsonValueKind.Object } element || orgs.Count == 0)
        {
            return false;
        }

        var named = new List<string>();
        if (element.TryGetProperty("organization_id", out var single) && single.ValueKind == JsonValueKind.String)
        {
            named.Add(single.GetString()!);
        }

        if (element.TryGetProperty("organizations", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            named.AddRange(many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }

        return orgs.Any(m => m.UserRole == "org_admin" && named.Contains(m.OrganizationId));
    }
}
