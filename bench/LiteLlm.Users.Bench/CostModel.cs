using System.Globalization;
using System.Text.Json;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Bench;

/// <summary>
/// The sandbox's latency model: S slots; each request holds one for <c>base + per_item × items</c> ms
/// (items = users returned or deleted); extra requests queue.
/// </summary>
internal sealed record LatencyModel(int Slots, double BaseMs, double PerItemMs)
{
    /// <summary>The benchmark's model: S = 8, base 20 ms, 0.2 ms per item.</summary>
    public static LatencyModel Standard { get; } = new(8, 20, 0.2);

    /// <summary>Server time of one request with <paramref name="items"/> items, in ms.</summary>
    public double RequestMs(double items) => BaseMs + (PerItemMs * items);
}

/// <summary>The least time any client needs under the model (see <see cref="CostModel.LowerBound"/>).</summary>
internal sealed record LowerBound(double SnapshotMs, double LookupsMs, double DeletionMs, int Slots)
{
    public double ResolutionMs => Math.Min(SnapshotMs, LookupsMs);

    public string ResolutionBy => SnapshotMs <= LookupsMs ? "snapshot" : "lookups";

    public double Seconds => (ResolutionMs + DeletionMs) / Slots / 1000;
}

/// <summary>The formulas the output is judged by.</summary>
internal static class CostModel
{
    /// <summary>Largest <c>/user/list</c> page LiteLLM serves.</summary>
    public const int PageSize = 100;

    /// <summary>Users per page of the original script's lookup (LiteLLM's default page size).</summary>
    public const int OriginalScriptPageSize = 25;

    /// <summary>
    /// lower_bound_s = (resolution + deletion) / S, in server time under the model, where
    /// <list type="bullet">
    /// <item>resolution = min(snapshot, lookups): a snapshot reads every user in ceil(U/100) pages,
    /// ceil(U/100)·base + U·per_item; lookups ask once per email, N·base + M·per_item, M = server users the
    /// emails match;</item>
    /// <item>deletion = the cheapest way to delete D users, one request: base + D·per_item.</item>
    /// </list>
    /// No client can do the job in less: every user must be read (or every email asked for), every deletable
    /// user deleted, and S slots are all the server has. The bound ignores the client's own start-up and CPU.
    /// </summary>
    public static LowerBound LowerBound(LatencyModel model, int users, int emails, int matchedUsers, int deletable)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pages = (users + PageSize - 1) / PageSize;
        return new LowerBound(
            SnapshotMs: (pages * model.BaseMs) + (users * model.PerItemMs),
            LookupsMs: (emails * model.BaseMs) + (matchedUsers * model.PerItemMs),
            DeletionMs: model.RequestMs(deletable),
            Slots: model.Slots);
    }

    /// <summary>
    /// original_script_model_s: del_user.py sends 2 sequential requests per row, a 25-user list page and a
    /// one-id delete: N · ((base + 25·per_item) + (base + 1·per_item)).
    /// </summary>
    public static double OriginalScriptSeconds(LatencyModel model, int emails)
    {
        ArgumentNullException.ThrowIfNull(model);
        return emails * (model.RequestMs(OriginalScriptPageSize) + model.RequestMs(1)) / 1000;
    }

    /// <summary>
    /// request_mix_s: the server time of the requests the CLI actually sent (from the journal), spread
    /// perfectly over the S slots. Items per request: an unfiltered <c>/user/list</c> page returns
    /// min(page_size, U − (page−1)·page_size) users; a <c>user_email</c> lookup returns the users with that
    /// email (the generated addresses make LiteLLM's substring filter exact); a <c>user_ids</c> lookup, one
    /// per id; a delete, one per id in its body. wall_s / request_mix_s shows how well the CLI keeps the
    /// slots busy; request_mix_s / lower_bound_s how close its plan of requests is to the cheapest.
    /// </summary>
    public static double RequestMixSeconds(LatencyModel model, IEnumerable<JournalEntry> entries, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(dataset);
        var busyMs = entries.Sum(e => model.RequestMs(Items(e, dataset)));
        return busyMs / model.Slots / 1000;
    }

    private static int Items(JournalEntry entry, Dataset dataset)
    {
        if (entry.Status is < 200 or >= 300)
        {
            return 0;
        }

        if (entry.Method == "GET" && entry.Path == "/user/list")
        {
            var query = ParseQuery(entry.QueryString);
            var pageSize = query.TryGetValue("page_size", out var size) ? int.Parse(size, CultureInfo.InvariantCulture) : 25;
            var page = query.TryGetValue("page", out var number) ? int.Parse(number, CultureInfo.InvariantCulture) : 1;
            if (query.TryGetValue("user_email", out var email))
            {
                return Math.Min(pageSize, dataset.UsersByEmail.GetValueOrDefault(Dataset.Normalize(email)));
            }

            if (query.TryGetValue("user_ids", out var ids))
            {
                return Math.Min(pageSize, ids.Split(',').Length);
            }

            return Math.Clamp(dataset.ServerUsers.Count - ((page - 1) * pageSize), 0, pageSize);
        }

        if (entry.Method == "POST" && entry.Body is { } body && (entry.Path == "/user/delete" || entry.Path == "/management/v1/users/bulk_delete"))
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("user_ids", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
        }

        return 0;
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            result[name] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
