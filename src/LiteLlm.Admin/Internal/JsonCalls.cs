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
        CancellationToken cancellationToken)
    {
        var raw = await pipeline.SendAsync(HttpMethod.Get, path, query, null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
        return Deserialize(pipeline, "GET", path, raw, responseType);
    }

    public static async Task<TResponse> PostAsync<TRequest, TResponse>(
        this HttpPipeline pipeline,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        var raw = await pipeline.SendAsync(HttpMethod.Post, path, null, bytes, RequestKind.Mutation, cancellationToken).ConfigureAwait(false);
        return Deserialize(pipeline, "POST", path, raw, responseType);
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
            throw Invalid(pipeline, method, path, raw, ex.Message);
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
            throw Invalid(pipeline, method, path, raw, ex.Message);
        }

        throw Invalid(pipeline, method, path, raw, "empty body");
    }

    public static LiteLlmRequestFailedException Invalid(HttpPipeline pipeline, string method, string path, RawResponse raw, string why)
    {
        var excerpt = pipeline.Redactor.Redact(ErrorParser.Excerpt(System.Text.Encoding.UTF8.GetString(raw.Body)));
        return new LiteLlmRequestFailedException(
            pipeline.Redactor.Redact($"{method} {path} returned HTTP {raw.Status} with a body this client cannot read ({why}): {excerpt}"),
            LiteLlmFailureKind.InvalidResponse,
            method,
            path,
            raw.Status,
            bodyExcerpt: excerpt);
    }
}
