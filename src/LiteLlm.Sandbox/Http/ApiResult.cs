using System.Globalization;
using System.Text;

namespace LiteLlm.Sandbox.Http;

/// <summary>A fully computed response, written after the latency model's delay.</summary>
internal sealed class ApiResult
{
    public const string JsonType = "application/json";
    public const string ProblemType = "application/problem+json";

    public required int Status { get; init; }

    public required byte[] Body { get; init; }

    public string ContentType { get; init; } = JsonType;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Items for the latency model (users listed, deleted, created…).</summary>
    public int Items { get; init; }

    /// <summary>Whether the handler changed state (journal <c>Committed</c>).</summary>
    public bool Committed { get; init; }

    public static ApiResult Json(int status, object? value, int items = 0, bool committed = false) =>
        new() { Status = status, Body = SandboxJson.Serialize(value), Items = items, Committed = committed };

    public static ApiResult Ok(object? value, int items = 0, bool committed = false) => Json(200, value, items, committed);

    public static ApiResult Text(int status, string text, string contentType = "text/plain; charset=utf-8") =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(text), ContentType = contentType };

    public ApiResult WithCommitted(bool committed) =>
        new() { Status = Status, Body = Body, ContentType = ContentType, Headers = Headers, Items = Items, Committed = committed || Committed };
}

/// <summary>
/// The four error-body shapes of contract §1.1 and the Python-repr rules of envelope A.
/// </summary>
internal static class Errors
{
    public const string InternalServerError = "internal_server_error";
    public const string AuthError = "auth_error";

    /// <summary>Shape A, <c>ProxyException.to_dict</c>: code is the status as a string.</summary>
    public static ApiResult Proxy(int status, string message, string type, string? param = "None") =>
        ApiResult.Json(status, new JsonMap
        {
            {
                "error", new JsonMap
                {
                    { "message", message },
                    { "type", type },
                    { "param", param },
                    { "code", status.ToString(CultureInfo.InvariantCulture) },
                }
            },
        });

    /// <summary>Shape A for an <c>HTTPException(detail={"error": …})</c> converted by <c>str()</c>: the Python repr of the dict.</summary>
    public static ApiResult ProxyDict(int status, string error, string type) =>
        Proxy(status, PyRepr.ErrorDict(error), type);

    /// <summary>Shape B: FastAPI's <c>HTTPException</c>.</summary>
    public static ApiResult Detail(int status, object? detail, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new() { Status = status, Body = SandboxJson.Serialize(new JsonMap { { "detail", detail } }), Headers = headers ?? [] };

    /// <summary>Shape B with <c>{"error": message}</c> as the detail.</summary>
    public static ApiResult DetailError(int status, string error) => Detail(status, new JsonMap { { "error", error } });

    /// <summary>Shape C: FastAPI's request-validation 422.</summary>
    public static ApiResult Validation(IEnumerable<JsonMap> errors) => Detail(422, errors.ToList());

    /// <summary>One pydantic error as FastAPI reports it (no <c>url</c>; <c>ctx</c> only when present).</summary>
    public static JsonMap ValidationItem(string type, IReadOnlyList<object> loc, string msg, object? input, JsonMap? ctx = null)
    {
        var item = new JsonMap { { "type", type }, { "loc", loc }, { "msg", msg }, { "input", input } };
        if (ctx is not null)
        {
            item.Add("ctx", ctx);
        }

        return item;
    }

    /// <summary>Shape D: an RFC 9457 problem (<c>litellm/proxy/list_api/common.py</c>), <c>exclude_none</c>.</summary>
    public static ApiResult Problem(int status, string slug, string title, string detail, IReadOnlyList<string>? allowed = null)
    {
        var body = new JsonMap
        {
            { "type", "urn:litellm:error:" + slug },
            { "title", title },
            { "status", status },
            { "detail", detail },
        };
        if (allowed is not null)
        {
            body.Add("allowed", allowed);
        }

        return new ApiResult { Status = status, Body = SandboxJson.Serialize(body), ContentType = ApiResult.ProblemType };
    }
}

/// <summary>Python's <c>repr</c> for the strings and dicts LiteLLM turns into error messages.</summary>
internal static class PyRepr
{
    /// <summary><c>repr({'error': message})</c>.</summary>
    public static string ErrorDict(string message) => "{" + Str("error") + ": " + Str(message) + "}";

    /// <summary>
    /// <c>repr(str)</c>: single quotes unless the text contains a single quote and no double quote;
    /// backslashes, the chosen quote and non-printable characters escaped.
    /// </summary>
    public static string Str(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2);
        sb.Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                case '\r':
                    sb.Append(@"\r");
                    break;
                case '\t':
                    sb.Append(@"\t");
                    break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }
}
