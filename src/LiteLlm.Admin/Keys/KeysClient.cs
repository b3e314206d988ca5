using System.Globalization;
using System.Runtime.CompilerServices;
using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Keys;

/// <summary>Key operations: <c>/key/list</c>, <c>/key/info</c>, <c>/key/generate</c>, <c>/key/block</c>, <c>/key/unblock</c>.</summary>
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

    /// <summary>
    /// Every key a user owns, over all pages of <c>/key/list?user_id=…&amp;return_full_object=true</c>
    /// (full records with <see cref="LiteLlmKey.Blocked"/>; hashes, never secrets). An unknown user has none.
    /// </summary>
    /// <param name="userId">The owner.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public virtual async Task<IReadOnlyList<LiteLlmKey>> GetUserKeysAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var keys = new List<LiteLlmKey>();
        await foreach (var key in GetKeysAsync(new KeyQuery { UserId = userId }, cancellationToken).ConfigureAwait(false))
        {
            // The server filters by owner; keep only exact owners in case a release matches loosely.
            if (key.UserId is null || string.Equals(key.UserId, userId, StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>
    /// Blocks a key (<c>POST /key/block</c>, admin only; <c>block_key</c> in LiteLLM's
    /// <c>key_management_endpoints.py</c>): LiteLLM then rejects it with 401 <c>Key is blocked</c>, and
    /// <see cref="UnblockAsync"/> undoes it. Returns the key's record as the server answers it.
    /// </summary>
    /// <param name="key">The key's hash (<see cref="LiteLlmKey.Token"/>) or its secret (<c>sk-…</c>; hashed by the server).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<LiteLlmKey> BlockAsync(string key, CancellationToken cancellationToken = default) =>
        SetBlockedAsync(ApiRoutes.KeyBlock, key, cancellationToken);

    /// <summary>Unblocks a key (<c>POST /key/unblock</c>, admin only). Returns the key's record as the server answers it.</summary>
    /// <param name="key">The key's hash or its secret.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<LiteLlmKey> UnblockAsync(string key, CancellationToken cancellationToken = default) =>
        SetBlockedAsync(ApiRoutes.KeyUnblock, key, cancellationToken);

    private Task<LiteLlmKey> SetBlockedAsync(string path, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Pipeline.PostAsync(path, new BlockKeyBody { Key = key }, LiteLlmJsonContext.Default.BlockKeyBody, LiteLlmJsonContext.Default.LiteLlmKey, cancellationToken);
    }
}
