using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/management/v1/users/bulk_delete</c> and <c>/management/v1/users/bulk</c> (contract §3.9), mirroring
/// <c>management_v1/users.py</c>, <c>management_helpers/bulk_user_deletion.py</c> and <c>bulk_user_creation.py</c>.
/// Errors are RFC 9457 problem documents (<c>list_api/common.py</c>); auth failures stay envelope A because
/// auth runs before the route (an open question of the contract, settled that way).
/// </summary>
internal static class ManagementV1Endpoints
{
    /// <summary><c>MAX_BULK_DELETE_USERS</c> and the bulk-create cap.</summary>
    public const int MaxRows = 500;

    public static ApiResult BulkDelete(RequestContext rc)
    {
        if (RejectUnknownQuery(rc) is { } unknown)
        {
            return unknown;
        }

        var errors = new List<JsonMap>();
        List<string>? ids = null;
        if (BodyReader.ForModel(rc.Body, ["body"], errors) is { } reader)
        {
            ids = reader.StrList("user_ids", required: true);
            if (ids is not null)
            {
                CheckLength(reader, "user_ids", ids.Count);
            }

            ForbidExtra(reader, ["user_ids"]);
        }

        if (errors.Count > 0 || ids is null)
        {
            return InvalidBody(errors);
        }

        var store = rc.Store;
        var adminOrgs = rc.Caller.IsProxyAdmin ? null : store.AdminOrgsOf(rc.Caller.UserId);
        if (adminOrgs is not null)
        {
            if (adminOrgs.Count == 0)
            {
                return Errors.Problem(403, "forbidden", "Forbidden", "Only PROXY_ADMIN or ORG_ADMIN users may delete users.");
            }
        }

        var rows = store.DeleteUsersBulk(ids, adminOrgs, rc.Sequence, out var committed);
        var data = rows.Select(r => new JsonMap
        {
            { "user_id", r.UserId },
            { "user_email", r.UserEmail },
            { "success", r.Success },
            { "teams_removed", r.TeamsRemoved },
            { "error", r.Error },
        }).ToList();
        return ApiResult.Ok(new JsonMap { { "data", data } }, items: rows.Count(r => r.Success), committed: committed);
    }

    public static ApiResult BulkCreate(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var items = new List<NewUserModel>();
        if (BodyReader.ForModel(rc.Body, ["body"], errors) is { } reader)
        {
            var raw = reader.Raw("users");
            if (raw is null)
            {
                reader.AddError("missing", "Field required", reader.Body, null, "users");
            }
            else if (raw.Value.ValueKind != JsonValueKind.Array)
            {
                reader.AddError("list_type", "Input should be a valid list", raw.Value.ValueKind == JsonValueKind.Null ? null : raw.Value, null, "users");
            }
            else
            {
                var index = 0;
                foreach (var item in raw.Value.EnumerateArray())
                {
                    if (BodyReader.ForModel(item, ["body", "users", index], errors) is { } itemReader)
                    {
                        items.Add(NewUserModel.Read(itemReader, autoCreateKeyDefault: false));
                        ForbidExtra(itemReader, NewUserModel.FieldNames.Where(f => f != "send_invite_email"));
                    }

                    index++;
                }

                CheckLength(reader, "users", raw.Value.GetArrayLength());
            }

            ForbidExtra(reader, ["users"]);
        }

        if (errors.Count > 0)
        {
            return InvalidBody(errors);
        }

        var store = rc.Store;
        var results = BulkCreateRows(store, items, rc.Caller);
        var created = results.Count(r => r.TryGetValue("success", out var s) && s is true);
        return ApiResult.Ok(new JsonMap
        {
            { "data", results },
            { "meta", new JsonMap { { "total_requested", items.Count }, { "created", created }, { "failed", items.Count - created } } },
        }, items: created, committed: created > 0);
    }

    /// <summary><c>bulk_create_users</c>: in-request duplicates, existing ids/emails and unknown teams fail their row only.</summary>
    private static List<JsonMap> BulkCreateRows(SandboxStore store, List<NewUserModel> items, Caller caller)
    {
        static string? Normalize(string? email) => string.IsNullOrEmpty(email) ? null : email.Trim().ToLowerInvariant();
        var ids = items.Select(i => i.UserId ?? Guid.NewGuid().ToString()).ToList();
        var results = new JsonMap[items.Count];
        var firstById = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstByEmail = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            firstById.TryAdd(ids[i], i);
            if (Normalize(items[i].UserEmail) is { } email)
            {
                firstByEmail.TryAdd(email, i);
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] with { UserId = ids[i] };
            var email = Normalize(item.UserEmail);
            var teams = item.TeamId is { } single ? [new NewUserTeam(single, "user", null)] : item.Teams ?? [];
            string? error = null;
            if (firstById[ids[i]] != i)
            {
                error = $"Duplicate user_id in request: {ids[i]}";
            }
            else if (email is not null && firstByEmail[email] != i)
            {
                error = $"Duplicate user_email in request: {item.UserEmail}";
            }
            else if (item.UserRole is "proxy_admin" or "proxy_admin_viewer" && !caller.IsProxyAdmin)
            {
                error = $"Only proxy admins can create administrative users (proxy_admin, proxy_admin_viewer). Attempted to create user with role: {item.UserRole}. Your role: {caller.Role ?? "None"}";
            }
            else if (store.Slot(ids[i]) is not null)
            {
                error = $"User id={ids[i]} already exists";
            }
            else if (email is not null && store.FindByEmailInsensitive(email) is not null)
            {
                error = $"User email={item.UserEmail} already exists";
            }
            else if (teams.Where(t => store.TeamById(t.TeamId) is null).Select(t => $"Team id={t.TeamId} does not exist").ToList() is { Count: > 0 } missing)
            {
                error = string.Join("; ", missing);
            }

            if (error is not null)
            {
                results[i] = Row(ids[i], item.UserEmail, false, [], null, error);
                continue;
            }

            var created = store.InsertNewUser(item with { TeamId = null, Teams = teams.ToList() }, caller.UserId);
            results[i] = Row(created.User.UserId, created.User.UserEmail, true, teams.Select(t => t.TeamId).ToList(), created.Secret, null);
        }

        return [.. results];
    }

    private static JsonMap Row(string? userId, string? email, bool success, List<string> teams, string? key, string? error) => new()
    {
        { "user_id", userId },
        { "user_email", email },
        { "success", success },
        { "teams", teams },
        { "key", key },
        { "error", error },
    };

    /// <summary><c>reject_unknown_query_params</c>: these routes declare no query parameters.</summary>
    private static ApiResult? RejectUnknownQuery(RequestContext rc)
    {
        var unknown = rc.Request.Query.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? null
            : Errors.Problem(400, "unknown-query-parameter", "Unknown query parameter", $"Unrecognized query parameter(s): {string.Join(", ", unknown)}.", []);
    }

    private static void CheckLength(BodyReader reader, string name, int count)
    {
        if (count < 1)
        {
            reader.AddError("too_short", $"List should have at least 1 item after validation, not {count}", reader.Raw(name), new JsonMap { { "field_type", "List" }, { "min_length", 1 }, { "actual_length", count } }, name);
        }
        else if (count > MaxRows)
        {
            reader.AddError("too_long", $"List should have at most {MaxRows} items after validation, not {count}", reader.Raw(name), new JsonMap { { "field_type", "List" }, { "max_length", MaxRows }, { "actual_length", count } }, name);
        }
    }

    private static void ForbidExtra(BodyReader reader, IEnumerable<string> allowed)
    {
        var known = allowed.ToHashSet(StringComparer.Ordinal);
        foreach (var name in reader.PropertyNames.Where(n => !known.Contains(n)))
        {
            reader.AddError("extra_forbidden", "Extra inputs are not permitted", reader.Raw(name), null, name);
        }
    }

    /// <summary><c>request_validation_problem</c>: "loc-without-body: msg" joined by "; ".</summary>
    internal static ApiResult InvalidBody(List<JsonMap> errors)
    {
        var detail = string.Join("; ", errors.Select(e =>
        {
            e.TryGetValue("loc", out var loc);
            e.TryGetValue("msg", out var msg);
            var parts = ((IReadOnlyList<object>)loc!).Skip(1).Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture));
            return string.Join(".", parts) + ": " + msg;
        }));
        return Errors.Problem(422, "invalid-request-body", "Invalid request body", detail.Length == 0 ? "The request body is invalid." : detail);
    }
}
