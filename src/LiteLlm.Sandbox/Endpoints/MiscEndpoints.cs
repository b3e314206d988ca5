using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>Health routes (<c>litellm/proxy/health_endpoints/_health_endpoints.py</c>); public, no auth.</summary>
internal static class MiscEndpoints
{
    /// <summary><c>/health/readiness</c>: status, DB state and the LiteLLM version of the profile.
    /// Without a database LiteLLM reports <c>"db": "Not connected"</c> (fleet row 11, measured on 1.77.1).</summary>
    public static ApiResult Readiness(RequestContext rc) => ApiResult.Ok(new JsonMap
    {
        { "status", "connected" },
        { "db", rc.Options.NoDatabase ? "Not connected" : "connected" },
        { "cache", null },
        { "litellm_version", rc.Profile.LiteLlmVersion },
        { "success_callbacks", Array.Empty<string>() },
        { "use_aiohttp_transport", true },
        { "last_updated", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
    });

    /// <summary><c>/health/liveliness</c>: the plain string <c>"I'm alive!"</c>.</summary>
    public static ApiResult Liveliness(RequestContext rc) => ApiResult.Ok("I'm alive!");
}

/// <summary><c>/invitation/new</c> (<c>litellm/proxy/management_endpoints/... invitation_new</c>): proxy admins only.</summary>
internal static class InvitationEndpoints
{
    public static ApiResult New(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        var userId = r?.Str("user_id", required: true);
        if (errors.Count > 0 || userId is null)
        {
            return Errors.Validation(errors);
        }

        if (!rc.Caller.IsProxyAdmin)
        {
            return Errors.DetailError(400, $"Admin-only endpoint. Not allowed to access this., your role={rc.Caller.Role ?? "None"}");
        }

        var store = rc.Store;
        if (store.Slot(userId) is null)
        {
            // LiteLLM_InvitationLink.user_id is a foreign key: the insert fails and Starlette answers a plain 500.
            return ApiResult.Text(500, "Internal Server Error");
        }

        var invitation = store.InsertInvitation(userId, rc.Caller.UserId ?? Caller.DefaultAdminName);
        return ApiResult.Ok(Shapes.Invitation(invitation), items: 1, committed: true);
    }
}
