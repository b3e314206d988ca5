namespace LiteLlm.Sandbox.Http;

/// <summary>
/// What LiteLLM answers when it runs without a database (<see cref="SandboxOptions.NoDatabase"/>; contract §1.2,
/// fleet row 11). The texts are the captures <c>nodb-*.json</c> of LiteLLM 1.77.1 started without a database.
/// Each route answers after its own request validation (a bad <c>page</c> is still a 422), so the routes below call
/// <see cref="Answer"/> themselves; every other store-backed route answers Starlette's plain 500 (not captured).
/// </summary>
internal static class NoDatabase
{
    /// <summary>Routes that call <see cref="Answer"/> after validating their request.</summary>
    public static readonly HashSet<string> Routes = new(StringComparer.Ordinal)
    {
        "/user/new", "/user/info", "/user/list", "/user/filter/ui", "/user/delete", "/user/bulk_update",
    };

    /// <summary>The route's "no database" answer, or <c>null</c> when the proxy has a database.</summary>
    public static ApiResult? Answer(RequestContext rc)
    {
        if (!rc.Options.NoDatabase)
        {
            return null;
        }

        return rc.Path switch
        {
            // new_user: `if prisma_client is None: raise HTTPException(400, CommonProxyErrors.db_not_connected_error)` (nodb-user_new_ok_attempt).
            "/user/new" => Errors.Proxy(400, "DB not connected. See https://docs.litellm.ai/docs/proxy/virtual_keys", Errors.InternalServerError),

            // user_info: an Exception turned into envelope A by handle_exception_on_proxy (nodb-user_info_unknown).
            "/user/info" => Errors.Proxy(500, "Internal Server Error, Database not connected. Connect a database to your proxy - https://docs.litellm.ai/docs/simple_proxy#managing-auth---virtual-keys", Errors.InternalServerError),

            // get_users (nodb-user_list, nodb-user_list_filter_email).
            "/user/list" => Errors.DetailError(500, "No db connected. prisma client=None"),

            // delete_user (nodb-user_delete_unknown) and ui_view_users (contract §1.2).
            "/user/delete" or "/user/filter/ui" => Errors.DetailError(500, "No db connected"),

            // bulk_user_update (contract §1.2).
            "/user/bulk_update" => Errors.DetailError(500, "Database not connected"),
            _ => ApiResult.Text(500, "Internal Server Error"),
        };
    }

    /// <summary><c>_user_api_key_auth_builder</c>: a key other than the master key cannot be looked up (nodb-wrong_master_key_*).</summary>
    public static ApiResult KeyWithoutDatabase() => Errors.Proxy(400, "No connected db.", "no_db_connection", param: null);
}
