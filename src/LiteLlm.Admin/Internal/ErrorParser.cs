using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiteLlm.Admin.Security;

namespace LiteLlm.Admin.Internal;

/// <summary>
/// Reads the error out of any of LiteLLM's error bodies (contract §1.1): the OpenAI-style envelope
/// <c>{"error":{...}}</c>, FastAPI's <c>{"detail": ...}</c>, a 422 validation list, an RFC 9457
/// problem document, or plain text.
/// </summary>
internal static partial class ErrorParser
{
    private const int ExcerptLength = 300;

    public static LiteLlmRequestFailedException FromResponse(
        string method,
        string path,
        int status,
        string? contentType,
        byte[] body,
        TimeSpan? retryAfter,
        SecretRedactor redactor)
    {
        var text = Encoding.UTF8.GetString(body);
        var (errorType, errorCode, serverMessage) = Parse(text, contentType);
        serverMessage = redactor.Redact(serverMessage);
        var excerpt = redactor.Redact(Excerpt(text));
        var reason = ReasonPhrase(status);
        var message = string.IsNullOrWhiteSpace(serverMessage)
            ? $"{method} {path} failed: HTTP {status} {reason}"
            : $"{method} {path} failed: HTTP {status} {reason}: {serverMessage}";
        return new LiteLlmRequestFailedException(
            redactor.Redact(message),
            LiteLlmFailureKind.Http,
            method,
            redactor.Redact(path),
            status,
            errorType is null ? null : redactor.Redact(errorType),
            errorCode,
            serverMessage,
            excerpt,
            retryAfter);
    }

    /// <summary>
    /// A 2xx answer whose body is an error rather than a result: LiteLLM's envelope
    /// <c>{"error": {...}}</c>, FastAPI's lone <c>{"detail": ...}</c>, or a problem document. Null when
    /// the body is not one (including bodies that are not JSON: the typed readers report those).
    /// </summary>
    public static LiteLlmRequestFailedException? ErrorInSuccess(string method, string path, int status, string? contentType, byte[] body, SecretRedactor redactor)
    {
        if (body.Length == 0 || body.Length > 1_000_000 || (body[0] != (byte)'{' && !char.IsWhiteSpace((char)body[0])))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !LooksLikeError(root))
        {
            return null;
        }

        var (type, code, words) = Parse(text, contentType);
        words = redactor.Redact(string.IsNullOrWhiteSpace(words) ? "an error without words" : words);
        var excerpt = redactor.Redact(Excerpt(text));
        return new LiteLlmRequestFailedException(
            redactor.Redact($"{method} {path} answered HTTP {status} with an error instead of a result: {words}"),
            LiteLlmFailureKind.InvalidResponse,
            method,
            redactor.Redact(path),
            status,
            type is null ? null : redactor.Redact(type),
            code,
            words,
            excerpt);
    }

    private static bool LooksLikeError(JsonElement root)
    {
        var count = root.EnumerateObject().Count();
        if (root.TryGetProperty("error", out var error)
            && ((error.ValueKind == JsonValueKind.Object && (error.TryGetProperty("message", out _) || error.TryGetProperty("type", out _)))
                || (error.ValueKind == JsonValueKind.String && count == 1)))
        {
            return true;
        }

        if (root.TryGetProperty("detail", out _) && count == 1)
        {
            return true;
        }

        return root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && (type.GetString()?.StartsWith("urn:litellm:error:", StringComparison.Ordinal) ?? false)
            && root.TryGetProperty("status", out var problemStatus) && problemStatus.ValueKind == JsonValueKind.Number;
    }

    internal static (string? Type, string? Code, string? Message) Parse(string text, string? contentType)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null, null);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Plain text, e.g. Starlette's "Internal Server Error" or a load balancer's page.
            return (null, null, OneLine(text));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null, OneLine(root.ToString()));
        }

        // D. RFC 9457 problem document (/management/v1/...).
        if ((contentType?.Contains("problem+json", StringComparison.OrdinalIgnoreCase) ?? false)
            || (root.TryGetProperty("title", out _) && root.TryGetProperty("status", out _)))
        {
            var type = GetString(root, "type");
            var detail = GetString(root, "detail") ?? GetString(root, "title");
            return (type, GetString(root, "status"), detail);
        }

        // A. OpenAI / ProxyException envelope.
        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                var message = error.TryGetProperty("message", out var m)
                    ? m.ValueKind == JsonValueKind.String ? UnwrapPythonDict(m.GetString()) : UnwrapNested(m)
                    : null;
                return (GetString(error, "type"), GetString(error, "code"), message);
            }

            return (null, null, OneLine(error.ToString()));
        }

        // B/C. FastAPI detail: a string, an object ({"error": "..."}) or a 422 list.
        if (root.TryGetProperty("detail", out var detailElement))
        {
            return detailElement.ValueKind switch
            {
                JsonValueKind.String => (null, null, detailElement.GetString()),
                JsonValueKind.Object => (null, null, UnwrapNested(detailElement)),
                JsonValueKind.Array => (null, null, DescribeValidation(detailElement)),
                _ => (null, null, detailElement.ToString()),
            };
        }

        return (null, null, OneLine(text));
    }

    private static string? UnwrapNested(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var inner))
        {
            return inner.ValueKind == JsonValueKind.String ? inner.GetString() : inner.ToString();
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.ToString();
    }

    /// <summary>LiteLLM puts the Python repr of a dict detail in the message: "{'error': 'text'}".</summary>
    internal static string? UnwrapPythonDict(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var match = PythonDictError().Match(message);
        return match.Success ? match.Groups["text"].Value : message;
    }

    private static string DescribeValidation(JsonElement list)
    {
        var parts = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            var location = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                ? string.Join('.', loc.EnumerateArray().Select(l => l.ToString()))
                : null;
            var msg = GetString(item, "msg") ?? item.ToString();
            parts.Add(location is null ? msg : $"{location}: {msg}");
        }

        return string.Join("; ", parts);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => value.ToString(),
            }
            : null;

    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > ExcerptLength ? line[..ExcerptLength] + "..." : line;
    }

    internal static string Excerpt(string text) => text.Length > ExcerptLength ? text[..ExcerptLength] + "..." : text;

    internal static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^\s*\{\s*(['"])error\1\s*:\s*(?<q>['"])(?<text>.*)\k<q>\s*\}\s*$""", RegexOptions.Singleline)]
    private static partial Regex PythonDictError();
}
