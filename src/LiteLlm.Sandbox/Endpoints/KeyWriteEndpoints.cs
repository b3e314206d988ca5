using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/key/delete</c>, <c>/key/update</c>, <c>/key/block</c>, <c>/key/unblock</c>, mirroring
/// <c>litellm/proxy/management_endpoints/key_management_endpoints.py</c> (<c>delete_key_fn</c> with
/// <c>delete_verification_tokens</c> and <c>can_delete_verification_token</c>; <c>update_key_fn</c>;
/// <c>block_key</c> / <c>unblock_key</c>). A key is named by its secret (<c>sk-…</c>) or its hash, as
/// <c>_hash_token_if_needed</c> does: only a value starting with <c>sk-</c> is hashed.
/// </summary>
internal static class KeyWriteEndpoints
{
    /// <summary><c>_hash_token_if_needed</c> / <c>block_key</c>: hash a secret, keep a hash.</summary>
    private static string Token(string key) => key.StartsWith("sk-", StringComparison.Ordinal) ? SandboxStore.HashToken(key) : key;

    /// <summary>
    /// <c>delete_key_fn</c>: <c>{"keys": [...]}</c> or <c>{"key_aliases": [...]}</c>; answers
    /// <c>{"deleted_keys": &lt;what was sent&gt;}</c>. None found → 404 <c>{'error': 'No keys found'}</c>. A non-admin may
    /// delete its own keys and (as team admin) its team's keys; any other → 403. Errors go through
    /// <c>handle_exception_on_proxy</c> (envelope A, <c>internal_server_error</c>).
    /// </summary>
    public static ApiResult Delete(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        var keys = r?.StrList("keys");
        var aliases = r?.StrList("key_aliases");
        if (errors.Count > 0 || r is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        List<string> tokens;
        List<string> sent;
        if (keys is { Count: > 0 })
        {
            tokens = keys.ConvertAll(Token);
            sent = keys;
        }
        else if (aliases is { Count: > 0 })
        {
            // delete_key_aliases: the aliases' keys, then the same path as by token.
            tokens = store.AllKeys.Where(k => k.KeyAlias is not null && aliases.Contains(k.KeyAlias)).Select(k => k.Token).ToList();
            sent = aliases;
        }
        else
        {
            return Errors.Proxy(500, "Internal Server Error, Invalid request type", Errors.InternalServerError);
        }

        var found = tokens.Distinct(StringComparer.Ordinal).Select(store.FindKeyByToken).OfType<SandboxKey>().ToList();
        if (found.Count == 0)
        {
            return Errors.ProxyDict(404, "No keys found", Errors.InternalServerError);
        }

        var caller = rc.Caller;
        if (!caller.IsProxyAdmin && found.FirstOrDefault(k => !CanDelete(store, caller, k)) is not null)
        {
            // asyncio.gather over every key: the first refusal answers; keys the caller may delete may already be gone.
            foreach (var key in found.Where(k => CanDelete(store, caller, k)))
            {
                store.RemoveKey(key);
            }

            return Errors.ProxyDict(403, "You are not authorized to delete this key", Errors.InternalServerError).WithCommitted(true);
        }

        foreach (var key in found)
        {
            store.RemoveKey(key);
        }

        if (!caller.IsProxyAdmin && found.Count != tokens.Count)
        {
            // "Failed to delete all tokens. Failed to delete tokens: " + str(failed_tokens), after deleting the others.
            var failed = tokens.Where(t => found.All(k => k.Token != t)).Select(PyRepr.Str);
            return Errors.Proxy(500, "Internal Server Error, Failed to delete all tokens. Failed to delete tokens: [" + string.Join(", ", failed) + "]", Errors.InternalServerError).WithCommitted(true);
        }

        return ApiResult.Ok(new JsonMap { { "deleted_keys", sent } }, items: found.Count, committed: true);
    }

    /// <summary><c>can_delete_verification_token</c>: a team key needs a team admin, a personal key its owner.</summary>
    private static bool CanDelete(SandboxStore store, Caller caller, SandboxKey key) =>
        key.TeamId is { } teamId
            ? store.TeamById(teamId) is { } team && team.MembersWithRoles.Any(m => m.UserId == caller.UserId && m.Role == "admin")
            : key.UserId is not null && key.UserId == caller.UserId;

    /// <summary>
    /// <c>update_key_fn</c>: changes the fields that were sent and answers <c>{"key": &lt;as sent&gt;, &lt;changed fields&gt;,
    /// "token": &lt;hash&gt;}</c> (<c>{"key": key, **response["data"]}</c> of <c>PrismaClient.update_data</c>). Errors are
    /// envelope A with type <c>auth_error</c>; an unknown key is LiteLLM's 404 "Team not found, passed team_id=…".
    /// </summary>
    public static ApiResult Update(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        var key = r?.Str("key", required: true);
        var changes = new JsonMap();
        string? alias = null, userId = null, teamId = null;
        double? maxBudget = null, spend = null;
        JsonElement? metadata = null, models = null;
        bool? blocked = null;
        if (r is not null)
        {
            alias = r.Str("key_alias");
            userId = r.Str("user_id");
            teamId = r.Str("team_id");
            models = r.AnyList("models");
            spend = r.Float("spend");
            maxBudget = r.Float("max_budget");
            metadata = r.Dict("metadata");
            blocked = r.Bool("blocked");
        }

        if (errors.Count > 0 || key is null)
        {
            return Errors.Validation(errors);
        }

        if (maxBudget < 0)
        {
            return Errors.ProxyDict(400, "max_budget cannot be negative. Received: " + SandboxJson.PythonFloat(maxBudget.Value), Errors.AuthError);
        }

        var store = rc.Store;
        var token = Token(key);
        if (store.FindKeyByToken(token) is not { } existing)
        {
            return Errors.ProxyDict(404, $"Team not found, passed team_id={teamId ?? "None"}", Errors.AuthError);
        }

        var caller = rc.Caller;
        if (userId is not null && userId != existing.UserId && !caller.IsProxyAdmin)
        {
            return Errors.Proxy(403, $"User={userId} is not allowed to update key={key} to belong to user={existing.UserId ?? "None"}", Errors.AuthError);
        }

        if (!caller.IsProxyAdmin && existing.UserId is { } owner && owner != caller.UserId)
        {
            // common_key_access_checks → _is_allowed_to_make_key_request's assertion → HTTPException(403, str(e)).
            return Errors.Proxy(403, $"User can only create keys for themselves. Got user_id={owner}, Your ID={caller.UserId ?? "None"}", Errors.AuthError);
        }

        // model_dump(exclude_unset=True, exclude_none=True): only fields sent with a value, in the model's order.
        var updated = existing with { UpdatedAt = store.Now, UpdatedBy = caller.UserId ?? existing.UpdatedBy };
        AddIf(changes, "key_alias", alias, () => updated = updated with { KeyAlias = alias });
        AddIf(changes, "user_id", userId, () => updated = updated with { UserId = userId });
        AddIf(changes, "team_id", teamId, () => updated = updated with { TeamId = teamId });
        AddIf(changes, "models", models, () => updated = updated with { Models = models!.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray() });
        AddIf(changes, "spend", spend, () => updated = updated with { Spend = spend!.Value });
        AddIf(changes, "max_budget", maxBudget, () => updated = updated with { MaxBudget = maxBudget });
        AddIf(changes, "metadata", metadata, () => updated = updated with { Metadata = metadata!.Value });
        AddIf(changes, "blocked", blocked, () => updated = updated with { Blocked = blocked });
        store.ReplaceKey(existing, updated);

        var body = new JsonMap { { "key", key } };
        foreach (var (name, value) in changes)
        {
            body.Add(name, value);
        }

        body.Add("token", token);
        return ApiResult.Ok(body, items: 1, committed: true);

        static void AddIf(JsonMap map, string name, object? value, Action apply)
        {
            if (value is not null)
            {
                map.Add(name, value);
                apply();
            }
        }
    }

    /// <summary><c>block_key</c>: <c>{"key": secret or hash}</c> → the updated <c>LiteLLM_VerificationToken</c> row with
    /// <c>blocked: true</c>. Blocked keys then fail authentication with 401 "Key is blocked" (contract §2.3).</summary>
    public static ApiResult Block(RequestContext rc) => SetBlocked(rc, blocked: true);

    /// <summary><c>unblock_key</c>: the same with <c>blocked: false</c>.</summary>
    public static ApiResult Unblock(RequestContext rc) => SetBlocked(rc, blocked: false);

    private static ApiResult SetBlocked(RequestContext rc, bool blocked)
    {
        var errors = new List<JsonMap>();
        var key = BodyReader.ForModel(rc.Body, ["body"], errors)?.Str("key", required: true);
        if (errors.Count > 0 || key is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        if (store.FindKeyByToken(Token(key)) is not { } existing)
        {
            // litellm_verificationtoken.update on a missing row raises Prisma's RecordNotFoundError, which no handler
            // converts (management_endpoint_wrapper re-raises): Starlette's plain 500.
            return ApiResult.Text(500, "Internal Server Error");
        }

        var updated = existing with { Blocked = blocked };
        store.ReplaceKey(existing, updated);
        return ApiResult.Ok(Shapes.Key(updated), items: 1, committed: true);
    }

}
