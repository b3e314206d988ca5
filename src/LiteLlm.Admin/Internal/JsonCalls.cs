using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Admin.Internal;

/// <summary>Typed JSON calls on top of <see cref="HttpPipeline.SendAsync"/>.</summary>
internal static class JsonCalls
{
    public static async Task<TResponse> GetAsync<TResponse>(
        this HttpPipeline pipeline,
        string path,
        string? query,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        Func<TResponse, string?>? check = null)
    {
        var raw = await pipeline.SendAsync(HttpMethod.Get, path, query, null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
        var value = Deserialize(pipeline, "GET", path, raw, responseType);
        return check?.Invoke(value) is { } problem ? throw Invalid(pipeline, "GET", path, raw, problem) : value;
    }

    public static async Task<TResponse> PostAsync<TRequest, TResponse>(
        this HttpPipeline pipeline,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        Func<TResponse, string?>? check = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        var raw = await pipeline.SendAsync(HttpMethod.Post, path, null, bytes, RequestKind.Mutation, cancellationToken).ConfigureAwait(false);
        var value = Deserialize(pipeline, "POST", path, raw, responseType);
        return check?.Invoke(value) is { } problem ? throw Invalid(pipeline, "POST", path, raw, problem) : value;
    }

    /// <summary>The member <paramref name="name"/> of an object, which must be an array; else a JsonException naming it.</summary>
    public static JsonElement RequireArray(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw new JsonException($"no \"{name}\" list in the answer");

    /// <summary>What is wrong with a page's counts, or null: negative, or more pages than items.</summary>
    public static string? CheckCounts(string totalName, long total, string pagesName, long totalPages)
    {
        if (total < 0 || totalPages < 0)
        {
            return $"a negative count ({totalName}={total}, {pagesName}={totalPages})";
        }

        return totalPages > Math.Max(total, 1)
            ? $"more pages than items ({pagesName}={totalPages} for {totalName}={total})"
            : null;
    }

    /// <summary>Reads a success body with a custom reader; a body it cannot read is an InvalidResponse failure.</summary>
    public static T Read<T>(HttpPipeline pipeline, string method, string path, RawResponse raw, Func<byte[], T> read)
    {
        try
        {
            return read(raw.Body);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Invalid(pipeline, method, path, raw, "it is not the JSON this client expects (" + ex.Message + ")");
        }
    }

    private static T Deserialize<T>(HttpPipeline pipeline, string method, string path, RawResponse raw, JsonTypeInfo<T> type)
    {
        try
        {
            var value = JsonSerializer.Deserialize(raw.Body, type);
            if (value is not null)
            {
                return value;
            }
        }
        catch (JsonException ex)
        {
            throw Invalid(pipeline, method, path, raw, "it is not the JSON this client expects (" + ex.Message + ")");
        }

        throw Invalid(pipeline, method, path, raw, "the body is JSON null");
    }

    /// <summary>
    /// A 2xx answer this client cannot use: not JSON, or not the shape the route documents. The
    /// message and <see cref="LiteLlmRequestFailedException.ServerMessage"/> say what is wrong and
    /// quote the start of the body (one line, scrubbed).
    /// </summary>
    public static LiteLlmRequestFailedException Invalid(HttpPipeline pipeline, string method, string path, RawResponse raw, string why)
    {
        var text = System.Text.Encoding.UTF8.GetString(raw.Body);
        var excerpt = pipeline.Redactor.Redact(ErrorParser.OneLine(text));
        var kind = raw.ContentType is { } type ? $"a {type} body" : "a body";
        var words = pipeline.Redactor.Redact(string.IsNullOrWhiteSpace(text)
            ? $"{why}; the body is empty"
            : $"{why}; {kind} that starts: {excerpt}");
        return new LiteLlmRequestFailedException(
            pipeline.Redactor.Redact($"{method} {path} answered HTTP {raw.Status}, but not with what the route documents: {words}"),
            LiteLlmFailureKind.InvalidResponse,
            method,
            path,
            raw.Status,
            serverMessage: words,
            bodyExcerpt: pipeline.Redactor.Redact(ErrorParser.Excerpt(text)));
    }
}
