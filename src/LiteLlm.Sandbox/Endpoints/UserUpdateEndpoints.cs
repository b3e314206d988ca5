using System.Globalization;
using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/user/update</c> and <c>/user/bulk_update</c> (<c>_update_single_user_helper</c> in
/// <c>internal_user_endpoints.py</c>): Prisma upserts, so an unknown id (or, for admins, an unknown email) creates a user.
/// </summary>
internal static class UserUpdateEndpoints
{
    private const int MaxBatch = 500;

    /// <summary>A failure of one update: an <c>HTTPException</c> (status + detail) or a plain exception (message only).</summary>
    private sealed record Failure(int? Status, string Message, bool DetailIsDict)
    {
        /// <summary>Envelope A as <c>user_update</c> converts it: type <c>auth_error</c>; other exceptions → 400 "Authentication Error, …".</summary>
        public ApiResult ToEnvelope() => Status is { } status
            ? Errors.Proxy(status, DetailIsDict ? PyRepr.ErrorDict(Message) : Message, Errors.AuthError)
            : Errors.Proxy(400, "Authentication Error, " + Message, Errors.AuthError);

        /// <summary><c>str(e)</c> as <c>/user/bulk_update</c> reports it: Starlette's <c>"{status}: {detail}"</c>.</summary>
        public string ToBulkError() => Status is { } status
            ? string.Create(CultureInfo.InvariantCulture, $"{status}: {(DetailIsDict ? PyRepr.ErrorDict(Message) : Message)}")
            : Message;
    }

    private sealed record UpdateRequest(string? UserId, string? UserEmail, UserChanges Changes);

    public static ApiResult Update(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var request = ReadUpdateRequest(rc.Body, ["body"], errors, requireIdentity: true);
        if (errors.Count > 0 || request is null)
        {
            return Errors.Validation(errors);
        }

        var (response, failure) = UpdateOne(rc, request);
        return failure is not null ? failure.ToEnvelope() : ApiResult.Ok(response, items: 1, committed: true);
    }

    public static ApiResult BulkUpdate(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var reader = BodyReader.ForModel(rc.Body, ["body"], errors);
        if (reader is null)
        {
            return Errors.Validation(errors);
        }

        List<UpdateRequest>? users = null;
        if (reader.Raw("users") is { ValueKind: JsonValueKind.Array } list)
        {
            users = [];
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (ReadUpdateRequest(item, ["body", "users", index], errors, requireIdentity: true) is { } parsed)
                {
                    users.Add(parsed);
                }

                index++;
            }
        }
        else if (reader.IsSet("users"))
        {
            reader.AddError("list_type", "Input should be a valid list", reader.Raw("users"), null, "users");
        }

        var allUsers = reader.Bool("all_users") ?? false;
        UpdateRequest? userUpdates = null;
        if (reader.IsSet("user_updates"))
        {
            userUpdates = ReadUpdateRequest(reader.Raw("user_updates"), ["body", "user_updates"], errors, requireIdentity: false);
            if (users is not { Count: > 0 } && !(allUsers && userUpdates is not null))
            {
                reader.AddValueError("Must specify either 'users' for individual updates or 'all_users=True' with 'user_updates' for bulk updates", reader.Raw("user_updates"), "user_updates");
            }
            else if (users is { Count: > 0 } && allUsers)
            {
                reader.AddValueError("Cannot specify both 'users' and 'all_users=True'. Choose one approach.", reader.Raw("user_updates"), "user_updates");
            }
        }

        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        if (NoDatabase.Answer(rc) is { } noDatabase)
        {
            return noDatabase;
        }

        var roleChange = userUpdates?.Changes.UserRole ?? users?.FirstOrDefault(u => u.Changes.UserRole is not null)?.Changes.UserRole;
        if (roleChange is not null && !rc.Caller.IsProxyAdmin)
        {
            return Errors.Detail(403, "Only proxy admins can modify user roles.");
        }

        var store = rc.Store;
        if (allUsers && userUpdates is not null)
        {
            if (!rc.Caller.IsProxyAdmin)
            {
                return Errors.Detail(403, "Only proxy admins can update all users at once.");
            }

            var everyone = store.SlotsByCreated.From(0, descending: true).ToList();
            if (everyone.Count == 0)
            {
                return Errors.DetailError(400, "No users found to update");
            }

            if (everyone.Count > MaxBatch)
            {
                return Errors.DetailError(400, $"Maximum {MaxBatch} users can be updated at once. Found {everyone.Count} users.");
            }

            var results = new List<JsonMap>();
            foreach (var slot in everyone)
            {
                store.UpsertUser(slot, slot.User.UserId, userUpdates.Changes);
                results.Add(Result(slot.User.UserId, slot.User.UserEmail, true, null, new JsonMap { { "user_id", slot.User.UserId } }));
            }

            return BulkResponse(results, everyone.Count);
        }

        if (users is null)
        {
            return Errors.DetailError(400, "Must specify either 'users' for individual updates or 'all_users=True' with 'user_updates' for bulk updates");
        }

        if (users.Count == 0)
        {
            return Errors.DetailError(400, "No users found to update");
        }

        if (users.Count > MaxBatch)
        {
            return Errors.DetailError(400, $"Maximum {MaxBatch} users can be updated at once. Found {users.Count} users.");
        }

        var rows = new List<JsonMap>();
        foreach (var user in users)
        {
            var (response, failure) = UpdateOne(rc, user);
            rows.Add(failure is null
                ? Result(response!.TryGetValue("user_id", out var id) ? id as string : user.UserId, user.UserEmail, true, null, response)
                : Result(user.UserId, user.UserEmail, false, failure.ToBulkError(), null));
        }

        return BulkResponse(rows, users.Count);
    }

    private static JsonMap Result(string? userId, string? email, bool success, string? error, object? updated) => new()
    {
        { "user_id", userId },
        { "user_email", email },
        { "success", success },
        { "error", error },
        { "updated_user", updated },
    };

    private static ApiResult BulkResponse(List<JsonMap> results, int requested)
    {
        var ok = results.Count(r => r.TryGetValue("success", out var s) && s is true);
        return ApiResult.Ok(new JsonMap
        {
            { "results", results },
            { "total_requested", requested },
            { "successful_updates", ok },
            { "failed_updates", results.Count - ok },
        }, items: ok, committed: ok > 0);
    }

    private static (Dictionary<string, object?>? Response, Failure? Failure) UpdateOne(RequestContext rc, UpdateRequest request)
    {
        var store = rc.Store;
        var caller = rc.Caller;
        if (request.Changes.UserRole is not null && !caller.IsProxyAdmin)
        {
            return (null, new Failure(403, "Only proxy admins can modify user roles.", false));
        }

        if (string.IsNullOrEmpty(request.UserId) && string.IsNullOrEmpty(request.UserEmail))
        {
            return (null, new Failure(null, "Either user_id or user_email must be provided", false));
        }

        var existing = !string.IsNullOrEmpty(request.UserId)
            ? store.Slot(request.UserId)
            : store.FindByEmailExact(request.UserEmail!).FirstOrDefault();
        if (existing is not null && !caller.IsProxyAdmin && caller.UserId != existing.User.UserId)
        {
            return (null, new Failure(403, "User does not have permission to update this user. Only PROXY_ADMIN can update other users.", true));
        }

        if (!string.IsNullOrEmpty(request.UserId))
        {
            var updated = store.UpsertUser(existing, request.UserId, request.Changes);
            return (new Dictionary<string, object?> { ["user_id"] = updated.UserId, ["data"] = Shapes.UserRow(updated) }, null);
        }

        if (existing is not null)
        {
            var updated = store.UpsertUser(existing, existing.User.UserId, request.Changes);
            return (new Dictionary<string, object?> { ["user_id"] = updated.UserId, ["data"] = Shapes.UserRow(updated) }, null);
        }

        if (!caller.IsProxyAdmin)
        {
            return (null, new Failure(404, "User not found. Only PROXY_ADMIN can create users via /user/update; use /user/new instead.", true));
        }

        // Email path, no match: a new user with a random UUID; the body is the bare new row.
        var created = store.UpsertUser(null, Guid.NewGuid().ToString(), request.Changes with { UserEmail = request.UserEmail });
        var row = Shapes.UserRow(created);
        return (row.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), null);
    }

    /// <summary><c>UpdateUserRequest</c> (or <c>UpdateUserRequestNoUserIDorEmail</c>) fields in declaration order.</summary>
    private static UpdateRequest? ReadUpdateRequest(JsonElement? body, object[] prefix, List<JsonMap> errors, bool requireIdentity)
    {
        var reader = BodyReader.ForModel(body, prefix, errors);
        if (reader is null)
        {
            return null;
        }

        if (requireIdentity && !reader.IsSet("user_id") && !reader.IsSet("user_email"))
        {
            // The model's before-validator runs first and stops field validation.
            errors.Add(Errors.ValidationItem("value_error", prefix, "Value error, Either user id or user email must be provided", reader.Body, new JsonMap { { "error", new JsonMap() } }));
            return null;
        }

        reader.Str("key_alias");
        reader.Str("duration");
        var models = reader.AnyList("models");
        var spend = reader.Float("spend");
        var maxBudget = reader.Raw("max_budget") is { ValueKind: JsonValueKind.String } mb && mb.GetString() == string.Empty ? null : reader.Float("max_budget");
        var userId = requireIdentity ? reader.Str("user_id") : null;
        reader.Str("team_id");
        reader.Str("agent_id");
        var maxParallel = reader.Int("max_parallel_requests");
        var metadata = reader.Dict("metadata");
        var tpm = reader.Int("tpm_limit");
        var rpm = reader.Int("rpm_limit");
        var budgetDuration = reader.Str("budget_duration");
        NewUserModel.ValidateUnusedBaseFields(reader);
        var password = reader.Str("password");
        var alias = reader.Str("user_alias");
        var role = reader.Literal("user_role", NewUserModel.Roles, NewUserModel.RolesExpected);
        var email = requireIdentity ? reader.Str("user_email") : null;
        var teams = reader.Raw("teams") is { ValueKind: JsonValueKind.Array } t ? t.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList() : null;

        // _update_internal_user_params: drop None, [] and {}; keep max_budget whenever it was sent.
        var changes = new UserChanges
        {
            UserEmail = email,
            UserAlias = alias,
            UserRole = role,
            MaxBudgetSet = reader.Has("max_budget"),
            MaxBudget = maxBudget,
            Spend = spend,
            Metadata = metadata is { } m && m.EnumerateObject().Any() ? m : null,
            Models = models is { } ml && ml.GetArrayLength() > 0 ? ml.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList() : null,
            TpmLimit = tpm,
            RpmLimit = rpm,
            MaxParallelRequests = maxParallel,
            BudgetDuration = budgetDuration,
            Teams = teams is { Count: > 0 } ? teams : null,
            Password = password,
        };
        return new UpdateRequest(userId, email, changes);
    }
}
