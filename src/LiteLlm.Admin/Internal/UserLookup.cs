using System.Globalization;
using System.Text.Json;

namespace LiteLlm.Admin.Internal;

/// <summary>Which of some user ids exist now: the re-check of the bulk write loops.</summary>
internal static class UserLookup
{
    private const int PageSize = 100;

    /// <summary>
    /// Asks <c>/user/list?user_ids=…</c> (up to 100 ids a query, all pages, <c>sort_by=user_id</c>) and
    /// keeps only exact matches: several ids are an exact <c>IN</c> on the server, but ONE id is a
    /// case-insensitive substring match (contract §3.4), so the filtering is done here either way.
    /// </summary>
    public static async Task<HashSet<string>> ExistingAsync(HttpPipeline pipeline, IEnumerable<string> userIds, RetryBudget budget, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(PageSize))
        {
            var wanted = chunk.ToHashSet(StringComparer.Ordinal);
            var ids = Uri.EscapeDataString(string.Join(',', chunk));
            for (var page = 1; ; page++)
            {
                var query = string.Create(CultureInfo.InvariantCulture, $"user_ids={ids}&sort_by=user_id&sort_order=asc&page={page}&page_size={PageSize}");
                var raw = await pipeline.SendAsync(HttpMethod.Get, ApiRoutes.UserList, query, null, RequestKind.Read, cancellationToken, budget: budget).ConfigureAwait(false);
                var (pageIds, totalPages) = JsonCalls.Read(pipeline, "GET", ApiRoutes.UserList, raw, ReadIds);
                found.UnionWith(pageIds.Where(wanted.Contains));
                if (pageIds.Count < PageSize || page >= totalPages)
                {
                    break;
                }
            }
        }

        return found;
    }

    private static (List<string> Ids, int TotalPages) ReadIds(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var ids = new List<string>();
        foreach (var user in root.GetProperty("users").EnumerateArray())
        {
            ids.Add(user.GetProperty("user_id").GetString() ?? string.Empty);
        }

        var totalPages = root.TryGetProperty("total_pages", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0;
        return (ids, totalPages);
    }
}
