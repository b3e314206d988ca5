using System.Globalization;
using System.Runtime.CompilerServices;
using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Keys;

/// <summary>Key operations: <c>/key/list</c>, <c>/key/info</c>, <c>/key/generate</c>.</summary>
public class KeysClient
{
    private readonly HttpPipeline? _pipeline;

    internal KeysClient(HttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected KeysClient()
    {
    }

    private HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <summary>Streams every key record matching the query (all pages, full objects, never secrets).</summary>
    public virtual async IAsyncEnumerable<LiteLlmKey> GetKeysAsync(KeyQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new KeyQuery();
        for (var page = 1; ; page++)
        {
            var result = await GetKeysPageAsync(query, page, cancellationToken).ConfigureAwait(false);
            foreach (var key in result.Keys)
            {
                yield return key;
            }

            if (result.Keys.Count == 0 || page >= result.TotalPages)
            {
                yield break;
            }
        }
    }

    /// <summary>One page of <c>/key/list</c> with full objects.</summary>
    public virtual Task<KeyPage> GetKeysPageAsync(KeyQuery query, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var parts = new List<string>
        {
            "return_full_object=true",
            "page=" + page.ToString(CultureInfo.InvariantCulture),
            "size=" + query.PageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (query.UserId is not null)
        {
            parts.Add("user_id=" + Uri.EscapeDataString(query.UserId));
        }

        if (query.TeamId is not null)
        {
            parts.Add("team_id=" + Uri.EscapeDataString(query.TeamId));
        }

        return Pipeline.GetAsync(ApiRoutes.KeyList, string.Join('&', parts), LiteLlmJsonContext.Default.KeyPage, cancellationToken);
    }

    /// <summary>
    /// The record of the key this client calls with (<c>/key/info</c> without a <c>key</c>). The
    /// master key has no record: LiteLLM answers 404 for it, which this method returns as null.
    /// </summary>
    public virtual async Task<KeyInfo?> GetCallerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await Pipeline.GetAsync(ApiRoutes.KeyInfo, null, LiteLlmJsonContext.Default.KeyInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Creates a key. The answer holds the secret once; keep it out of logs and shared files.</summary>
    public virtual Task<GenerateKeyResponse> GenerateAsync(GenerateKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pipeline.PostAsync(ApiRoutes.KeyGenerate, request, LiteLlmJsonContext.Default.GenerateKeyRequest, LiteLlmJsonContext.Default.GenerateKeyResponse, cancellationToken);
    }
}
