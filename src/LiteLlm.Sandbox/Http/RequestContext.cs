using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Sandbox.Http;

/// <summary>Everything a route handler needs; handlers are synchronous (the store is in memory).</summary>
internal sealed class RequestContext
{
    public required HttpRequest Request { get; init; }

    public required string Path { get; init; }

    public required SandboxStore Store { get; init; }

    public required SandboxOptions Options { get; init; }

    /// <summary>The LiteLLM release imitated (overrides applied).</summary>
    public required SandboxProfile Profile { get; init; }

    /// <summary>Whether <paramref name="change"/>'s newer behaviour is in effect.</summary>
    public bool Newer(LiteLlmChange change) => Profile.Has(change);

    /// <summary>Journal sequence of this request (recorded on deletions).</summary>
    public required long Sequence { get; init; }

    /// <summary>The decoded JSON body; <c>null</c> when the body was empty. A non-JSON body is a string element.</summary>
    public JsonElement? Body { get; init; }

    public Caller Caller { get; set; } = null!;

    public string RawQuery => Request.QueryString.HasValue ? Request.QueryString.Value![1..] : string.Empty;

    /// <summary>Starlette's <c>query_params.get</c>: the last value of a repeated parameter; <c>null</c> when absent.</summary>
    public string? Query(string name)
    {
        var values = Request.Query[name];
        return values.Count == 0 ? null : values[^1];
    }

    public string? Header(string name)
    {
        var value = Request.Headers[name].ToString();
        return value.Length == 0 ? null : value;
    }
}

/// <summary>A route the sandbox serves.</summary>
internal sealed record RouteSpec(string Method, string Path, Func<RequestContext, ApiResult> Handler)
{
    /// <summary>No authentication (LiteLLM's <c>public_routes</c>, e.g. <c>/health/readiness</c>).</summary>
    public bool Public { get; init; }

    /// <summary>Counts as a mutation in the journal when called with a write method.</summary>
    public bool StateChanging { get; init; }

    /// <summary>Validation errors are RFC 9457 problems (<c>/management/v1</c>) rather than FastAPI's 422 list.</summary>
    public bool ProblemErrors { get; init; }
}
