using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>Health routes (<c>litellm/proxy/health_endpoints/_health_endpoints.py</c>); public, no auth.</summary>
internal static class MiscEndpoints
{
    /// <summary><c>/health/readiness</c>: status, DB state and the LiteLLM version.</summary>
    public static ApiResult Readiness(RequestContext rc) => ApiResult.Ok(new JsonMap
    {
        { "status", "connected" },
        { "db", "connected" },
        { "cache", null },
        { "litellm_version", SandboxServer.EmulatedLiteLlmVersion },
        { "success_callbacks", Array.Empty<string>() },
        { "use_aiohttp_transport", true },
        { "last_updated", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
    });

    /// <summary><c>/health/liveliness</c>: the plain string <c>"I'm alive!"</c>.</summary>
    public static ApiResult Liveliness(RequestContext rc) => ApiResult.Ok("I'm alive!");
}
