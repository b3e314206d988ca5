using System.Globalization;
using System.Text.Json;

namespace LiteLlm.Sandbox;

public sealed partial class SandboxStore
{
    /// <summary>
    /// Loads seed users from a file.
    /// <list type="bullet">
    /// <item><c>.json</c>: an array of user objects with LiteLLM field names (<c>user_id</c>, <c>user_email</c>,
    /// <c>user_role</c>, <c>user_alias</c>, <c>max_budget</c>, <c>budget_duration</c>, <c>spend</c>, <c>models</c>,
    /// <c>metadata</c>, <c>teams</c>, <c>sso_user_id</c>, <c>tpm_limit</c>, <c>rpm_limit</c>, <c>created_at</c>), each
    /// optionally with <c>keys</c>: secrets (<c>"sk-…"</c>) or objects <c>{"key", "key_alias", "team_id"}</c>; or an
    /// object <c>{"teams": [{"team_id", "team_alias"}], "users": [...]}</c>. A user without <c>keys</c> gets one key.</item>
    /// <item><c>.csv</c>: a header with at least <c>user_email</c>; optional <c>user_id</c>, <c>user_role</c>,
    /// <c>user_alias</c>, <c>teams</c> and <c>models</c> (both <c>;</c>-separated), <c>max_budget</c>,
    /// <c>budget_duration</c>, <c>spend</c>, <c>sso_user_id</c>, <c>created_at</c>. Empty cells are absent values.</item>
    /// </list>
    /// Emails may repeat (seeding does not apply <c>/user/new</c>'s duplicate check).
    /// </summary>
    /// <exception cref="FormatException">The file's content does not fit the format.</exception>
    public void LoadSeedFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".json":
                LoadJsonSeed(File.ReadAllText(path));
                break;
            case ".csv":
                LoadCsvSeed(path);
                break;
            default:
                throw new FormatException($"Seed file '{path}' must end in .json or .csv.");
        }
    }

    private void LoadJsonSeed(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var users = root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("teams", out var teams))
            {
                foreach (var team in teams.EnumerateArray())
                {
                    var teamId = RequiredString(team, "team_id");
                    if (FindTeam(teamId) is null)
                    {
                        CreateTeam(teamId, OptionalString(team, "team_alias"));
                    }
                }
            }

            users = root.TryGetProperty("users", out var list) ? list : throw new FormatException("A JSON seed object needs a \"users\" array.");
        }

        if (users.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A JSON seed file holds an array of users.");
        }

        foreach (var item in users.EnumerateArray())
        {
            var keys = item.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array ? k : (JsonElement?)null;
            var seed = new SandboxUserSeed
            {
                UserId = OptionalString(item, "user_id"),
                UserEmail = OptionalString(item, "user_email"),
                UserRole = item.TryGetProperty("user_role", out var role) ? (role.ValueKind == JsonValueKind.Null ? null : role.GetString()) : "internal_user",
                UserAlias = OptionalString(item, "user_alias"),
                MaxBudget = OptionalDouble(item, "max_budget"),
                BudgetDuration = OptionalString(item, "budget_duration"),
                Spend = OptionalDouble(item, "spend") ?? 0,
                Models = StringArray(item, "models"),
                Metadata = item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
                    : null,
                Teams = StringArray(item, "teams"),
                SsoUserId = OptionalString(item, "sso_user_id"),
                TpmLimit = item.TryGetProperty("tpm_limit", out var tpm) && tpm.ValueKind == JsonValueKind.Number ? tpm.GetInt64() : null,
                RpmLimit = item.TryGetProperty("rpm_limit", out var rpm) && rpm.ValueKind == JsonValueKind.Number ? rpm.GetInt64() : null,
                CreatedAt = OptionalString(item, "created_at") is { } created ? DateTimeOffset.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
                KeyCount = keys is null ? 1 : 0,
            };
            var user = AddUser(seed);
            foreach (var key in keys is { } keyList ? keyList.EnumerateArray().ToList() : [])
            {
                if (key.ValueKind == JsonValueKind.String)
                {
                    CreateKey(user.UserId, rawKey: key.GetString());
                }
                else
                {
                    CreateKey(user.UserId, OptionalString(key, "key_alias"), OptionalString(key, "team_id"), OptionalString(key, "key"));
                }
            }
        }
    }

    private void LoadCsvSeed(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var records = SeedCsv.Records(reader).GetEnumerator();
        if (!records.MoveNext() || records.Current.Select(h => h.Trim().ToLowerInvariant()).ToList() is not { } header || !header.Contains("user_email"))
        {
            throw new FormatException($"Seed CSV '{path}' needs a header with a user_email column.");
        }

        var seeds = new List<SandboxUserSeed>();
        while (records.MoveNext())
        {
            var record = records.Current;
            string? Cell(string name) => header.IndexOf(name) is var i and >= 0 && i < record.Length && record[i].Trim() is { Length: > 0 } value ? value : null;
            static IReadOnlyList<string>? List(string? cell) => cell?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            seeds.Add(new SandboxUserSeed
            {
                UserId = Cell("user_id"),
                UserEmail = Cell("user_email"),
                UserRole = Cell("user_role") ?? "internal_user",
                UserAlias = Cell("user_alias"),
                Teams = List(Cell("teams")),
                Models = List(Cell("models")),
                MaxBudget = Cell("max_budget") is { } budget ? double.Parse(budget, CultureInfo.InvariantCulture) : null,
                BudgetDuration = Cell("budget_duration"),
                Spend = Cell("spend") is { } spend ? double.Parse(spend, CultureInfo.InvariantCulture) : 0,
                SsoUserId = Cell("sso_user_id"),
                CreatedAt = Cell("created_at") is { } created ? DateTimeOffset.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            });
        }

        AddSeeds(seeds);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new FormatException($"Seed entry lacks \"{name}\".");

    private static double? OptionalDouble(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string[]? StringArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException($"\"{name}\" holds a non-string.")).ToArray()
            : null;
}
