using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>A team entry of <c>/user/new</c>'s <c>teams</c>: an id, or <c>NewUserRequestTeam</c>.</summary>
internal sealed record NewUserTeam(string TeamId, string Role, double? MaxBudgetInTeam);

/// <summary>A validated <c>NewUserRequest</c> (<c>litellm/proxy/_types.py</c>); unknown fields are ignored there.</summary>
internal sealed record NewUserModel
{
    public string? KeyAlias { get; init; }
    public string? Duration { get; init; }
    public List<string> Models { get; init; } = [];
    public double Spend { get; init; }
    public double? MaxBudget { get; init; }
    public string? UserId { get; init; }
    public string? TeamId { get; init; }
    public long? MaxParallelRequests { get; init; }
    public JsonElement Metadata { get; init; } = SandboxJson.EmptyObject;
    public long? TpmLimit { get; init; }
    public long? RpmLimit { get; init; }
    public string? BudgetDuration { get; init; }
    public string? UserEmail { get; init; }
    public string? UserAlias { get; init; }
    public string? UserRole { get; init; }
    public List<NewUserTeam>? Teams { get; init; }
    public bool AutoCreateKey { get; init; } = true;
    public string? SsoUserId { get; init; }
    public List<string>? Organizations { get; init; }
    public string? Password { get; init; }

    /// <summary>The four roles <c>/user/new</c> and <c>/user/update</c> accept.</summary>
    public static readonly string[] Roles = ["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"];

    /// <summary>pydantic renders <c>Literal[LitellmUserRoles.X, …]</c> with the enum members' reprs (issue BerriAI/litellm#11918).</summary>
    public const string RolesExpected =
        "<LitellmUserRoles.PROXY_ADMIN: 'proxy_admin'>, <LitellmUserRoles.PROXY_ADMIN_VIEW_ONLY: 'proxy_admin_viewer'>, " +
        "<LitellmUserRoles.INTERNAL_USER: 'internal_user'> or <LitellmUserRoles.INTERNAL_USER_VIEW_ONLY: 'internal_user_viewer'>";

    /// <summary>Field names of <c>NewUserRequest</c> (for the v1 bulk route, which forbids anything else).</summary>
    public static readonly HashSet<string> FieldNames = new(StringComparer.Ordinal)
    {
        "key_alias", "duration", "models", "spend", "max_budget", "user_id", "team_id", "agent_id", "max_parallel_requests",
        "metadata", "tpm_limit", "rpm_limit", "budget_duration", "allowed_cache_controls", "config", "permissions",
        "model_max_budget", "model_rpm_limit", "model_tpm_limit", "guardrails", "policies", "prompts", "blocked", "aliases",
        "object_permission", "user_email", "user_alias", "user_role", "teams", "auto_create_key", "send_invite_email",
        "sso_user_id", "organizations", "password",
    };

    /// <summary>Reads the fields in <c>NewUserRequest</c>'s declaration order (base-class fields first, as pydantic orders them).</summary>
    public static NewUserModel Read(BodyReader r, bool autoCreateKeyDefault)
    {
        var keyAlias = r.Str("key_alias");
        var duration = r.Str("duration");
        var models = ReadAnyStrings(r, "models");
        var spend = r.Float("spend");
        // GenerateRequestBase.check_max_budget: "" becomes None before validation.
        var maxBudget = r.Raw("max_budget") is { ValueKind: JsonValueKind.String } mb && mb.GetString() == string.Empty ? null : r.Float("max_budget");
        var userId = r.Str("user_id");
        var teamId = r.Str("team_id");
        r.Str("agent_id");
        var maxParallel = r.Int("max_parallel_requests");
        var metadata = r.Dict("metadata");
        var tpm = r.Int("tpm_limit");
        var rpm = r.Int("rpm_limit");
        var budgetDuration = r.Str("budget_duration");
        ValidateUnusedBaseFields(r);
        var email = r.Str("user_email");
        var alias = r.Str("user_alias");
        var role = r.Literal("user_role", Roles, RolesExpected);
        var teams = ReadTeams(r);
        bool? autoCreate = null;
        if (r.Has("auto_create_key"))
        {
            if (r.Raw("auto_create_key") is { ValueKind: JsonValueKind.Null } nullValue)
            {
                r.AddError("bool_type", "Input should be a valid boolean", null, null, "auto_create_key");
            }
            else
            {
                autoCreate = r.Bool("auto_create_key");
            }
        }

        r.Bool("send_invite_email");
        var sso = r.Str("sso_user_id");
        var organizations = r.StrList("organizations");
        var password = r.Str("password");
        if (password is not null && (password.Length < 8 || password.Length > 128))
        {
            r.AddValueError(password.Length < 8 ? "password must be at least 8 characters" : "password must be at most 128 characters", password, "password");
        }

        return new NewUserModel
        {
            KeyAlias = keyAlias,
            Duration = duration,
            Models = models ?? [],
            Spend = spend ?? 0,
            MaxBudget = maxBudget,
            UserId = userId,
            TeamId = teamId,
            MaxParallelRequests = maxParallel,
            Metadata = metadata ?? SandboxJson.EmptyObject,
            TpmLimit = tpm,
            RpmLimit = rpm,
            BudgetDuration = budgetDuration,
            UserEmail = email,
            UserAlias = alias,
            UserRole = role,
            Teams = teams,
            AutoCreateKey = autoCreate ?? autoCreateKeyDefault,
            SsoUserId = sso,
            Organizations = organizations,
            Password = password,
        };
    }

    /// <summary>The tail of <c>GenerateRequestBase</c>: validated like LiteLLM, not stored by the sandbox.</summary>
    public static void ValidateUnusedBaseFields(BodyReader r)
    {
        r.AnyList("allowed_cache_controls");
        r.Dict("config");
        r.Dict("permissions");
        r.Dict("model_max_budget");
        r.Dict("model_rpm_limit");
        r.Dict("model_tpm_limit");
        r.StrList("guardrails");
        r.StrList("policies");
        r.StrList("prompts");
        r.Bool("blocked");
        r.Dict("aliases");
        r.Dict("object_permission");
    }

    /// <summary><c>models: Optional[list]</c>: any list; the sandbox keeps its string items.</summary>
    private static List<string>? ReadAnyStrings(BodyReader r, string name) =>
        r.AnyList(name) is { } list ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList() : null;

    /// <summary><c>teams: Optional[Union[List[str], List[NewUserRequestTeam]]]</c>; union errors carry each member's tag in <c>loc</c>.</summary>
    private static List<NewUserTeam>? ReadTeams(BodyReader r)
    {
        if (r.Raw("teams") is not { } raw || raw.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (raw.ValueKind == JsonValueKind.Array)
        {
            var items = raw.EnumerateArray().ToList();
            if (items.All(i => i.ValueKind == JsonValueKind.String))
            {
                return items.Select(i => new NewUserTeam(i.GetString()!, "user", null)).ToList();
            }

            if (items.All(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("team_id", out var t) && t.ValueKind == JsonValueKind.String))
            {
                var teams = new List<NewUserTeam>();
                foreach (var item in items)
                {
                    var role = item.TryGetProperty("user_role", out var ur) && ur.ValueKind == JsonValueKind.String ? ur.GetString()! : "user";
                    double? budget = item.TryGetProperty("max_budget_in_team", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : null;
                    if (role is not ("user" or "admin"))
                    {
                        r.AddError("literal_error", "Input should be 'user' or 'admin'", ur, new JsonMap { { "expected", "'user' or 'admin'" } }, "teams", "list[NewUserRequestTeam]", teams.Count, "user_role");
                        return null;
                    }

                    teams.Add(new NewUserTeam(item.GetProperty("team_id").GetString()!, role, budget));
                }

                return teams;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].ValueKind != JsonValueKind.String)
                {
                    r.AddError("string_type", "Input should be a valid string", items[i], null, "teams", "list[str]", i);
                }
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].ValueKind != JsonValueKind.Object)
                {
                    r.AddError("model_type", "Input should be a valid dictionary or instance of NewUserRequestTeam", items[i], new JsonMap { { "class_name", "NewUserRequestTeam" } }, "teams", "list[NewUserRequestTeam]", i);
                }
            }

            return null;
        }

        r.AddError("list_type", "Input should be a valid list", raw, null, "teams", "list[str]");
        r.AddError("list_type", "Input should be a valid list", raw, null, "teams", "list[NewUserRequestTeam]");
        return null;
    }
}
