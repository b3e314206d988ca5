using LiteLlm.Testing;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Admin.Tests.Loopback;

/// <summary>A failure a fake route answers with: status, body and content type.</summary>
public sealed record FakeFailure(int Status, string Body, string ContentType = "application/json")
{
    /// <summary>Fleet row 1: the 500 of older releases for a user who created a pending invitation link.</summary>
    public static FakeFailure InvitationFk { get; } = new(500, """{"error":{"message":"Foreign key constraint failed on the field: `LiteLLM_InvitationLink_created_by_fkey (index)`","type":"internal_server_error","param":"None","code":"500"}}""");

    /// <summary>Starlette's plain-text 500.</summary>
    public static FakeFailure PlainServerError { get; } = new(500, "Internal Server Error", "text/plain");
}

/// <summary>
/// A LiteLLM-like server for the user write routes, with users whose presence in a request makes
/// it fail (what the sandbox cannot do: fleet row 1, a poisoned bulk transaction). It follows the
/// contract: <c>/user/delete</c> 404s at the first unknown id, <c>/user/list?user_ids=</c> is a
/// substring match for one id and exact for several, the v1 routes answer one row per id.
/// </summary>
public sealed class FakeUserServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);

    private FakeUserServer(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; private set; }

    /// <summary>Ids whose presence fails a legacy delete request (or a v1 transaction).</summary>
    public HashSet<string> Poison { get; } = new(StringComparer.Ordinal);

    /// <summary>How a poisoned legacy delete / create request fails.</summary>
    public FakeFailure PoisonFailure { get; set; } = FakeFailure.InvitationFk;

    /// <summary>Answers every write with this failure (before looking at the ids) while set.</summary>
    public FakeFailure? AlwaysFail { get; set; }

    public bool V1 { get; set; }

    public IReadOnlyCollection<string> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users];
            }
        }
    }

    public int Posts => Server.Requests.Count(r => r.Method == "POST");

    public int Lookups => Server.Count("GET", "/user/list");

    public static async Task<FakeUserServer> StartAsync(IEnumerable<string> users)
    {
        FakeUserServer? self = null;
        var server = await LoopbackServer.StartAsync((context, seen) => self!.HandleAsync(context, seen));
        self = new FakeUserServer(server);
        self._users.UnionWith(users);
        return self;
    }

    private Task HandleAsync(HttpContext context, SeenRequest seen)
    {
        if (seen.Method == "GET")
        {
            return seen.Path switch
            {
                "/user/list" => List(context),
                "/management/v1/users/bulk_delete" or "/management/v1/users/bulk" => V1
                    ? LoopbackServer.Json(context, 405, """{"detail":"Method Not Allowed"}""")
                    : LoopbackServer.Json(context, 404, """{"detail":"Not Found"}"""),
                _ => LoopbackServer.Json(context, 404, """{"detail":"Not Found"}"""),
            };
        }

        if (AlwaysFail is { } always)
        {
            return LoopbackServer.Json(context, always.Status, always.Body, always.ContentType);
        }

        var body = JsonNode.Parse(seen.Body)!;
        return seen.Path switch
        {
            "/user/delete" => LegacyDelete(context, Ids(body["user_ids"])),
            "/management/v1/users/bulk_delete" when V1 => BulkDelete(context, Ids(body["user_ids"])),
            "/user/new" => Create(context, body),
            "/management/v1/users/bulk" when V1 => BulkCreate(context, body["users"]!.AsArray()),
            _ => LoopbackServer.Json(context, 404, """{"detail":"Not Found"}"""),
        };
    }

    private static List<string> Ids(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    private Task List(HttpContext context)
    {
        var wanted = context.Request.Query["user_ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var page = int.Parse(context.Request.Query["page"].ToString() is { Length: > 0 } p ? p : "1", System.Globalization.CultureInfo.InvariantCulture);
        var size = int.Parse(context.Request.Query["page_size"].ToString() is { Length: > 0 } s ? s : "25", System.Globalization.CultureInfo.InvariantCulture);
        List<string> matches;
        lock (_gate)
        {
            matches = [.. _users
                .Where(u => wanted.Length == 0 || (wanted.Length == 1 ? u.Contains(wanted[0], StringComparison.OrdinalIgnoreCase) : wanted.Contains(u)))
                .Order(StringComparer.Ordinal)];
        }

        var users = new JsonArray([.. matches.Skip((page - 1) * size).Take(size).Select(u => (JsonNode)new JsonObject { ["user_id"] = u, ["user_email"] = u + "@example.com" })]);
        var answer = new JsonObject
        {
            ["users"] = users,
            ["total"] = matches.Count,
            ["page"] = page,
            ["page_size"] = size,
            ["total_pages"] = (matches.Count + size - 1) / size,
        };
        return LoopbackServer.Json(context, 200, answer.ToJsonString());
    }

    private Task LegacyDelete(HttpContext context, List<string> ids)
    {
        lock (_gate)
        {
            if (ids.FirstOrDefault(id => !_users.Contains(id)) is { } unknown)
            {
                return LoopbackServer.Json(context, 404, JsonSerializer.Serialize(new { detail = new { error = "User not found, passed user_id=" + unknown } }));
            }

            if (ids.Any(Poison.Contains))
            {
                return LoopbackServer.Json(context, PoisonFailure.Status, PoisonFailure.Body, PoisonFailure.ContentType);
            }

            var count = ids.Distinct().Count(_users.Remove);
            return LoopbackServer.Json(context, 200, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private Task BulkDelete(HttpContext context, List<string> ids)
    {
        lock (_gate)
        {
            var valid = ids.Distinct().Where(_users.Contains).ToList();
            var failed = valid.Any(Poison.Contains);
            if (!failed)
            {
                valid.ForEach(id => _users.Remove(id));
            }

            var rows = ids.Select((id, i) => (JsonNode)(ids.Take(i).Contains(id)
                ? Row(id, false, "Duplicate user_id in request: " + id)
                : !valid.Contains(id) ? Row(id, false, $"User id={id} not found")
                : failed ? Row(id, false, "Failed to delete user: deadlock detected")
                : Row(id, true, null)));
            return LoopbackServer.Json(context, 200, new JsonObject { ["data"] = new JsonArray([.. rows]) }.ToJsonString());
        }

        static JsonObject Row(string id, bool success, string? error) => new() { ["user_id"] = id, ["user_email"] = null, ["success"] = success, ["teams_removed"] = new JsonArray(), ["error"] = error };
    }

    private Task Create(HttpContext context, JsonNode body)
    {
        var id = body["user_id"]!.GetValue<string>();
        lock (_gate)
        {
            if (Poison.Contains(id))
            {
                return LoopbackServer.Json(context, PoisonFailure.Status, PoisonFailure.Body, PoisonFailure.ContentType);
            }

            if (!_users.Add(id))
            {
                return LoopbackServer.Json(context, 409, JsonSerializer.Serialize(new { error = new { message = $"{{'error': 'User with id {id} already exists'}}", type = "internal_server_error", param = "None", code = "409" } }));
            }
        }

        return LoopbackServer.Json(context, 200, JsonSerializer.Serialize(new { user_id = id, key = "sk-new-" + id }));
    }

    private Task BulkCreate(HttpContext context, JsonArray users)
    {
        var ids = users.Select(u => u!["user_id"]!.GetValue<string>()).ToList();
        lock (_gate)
        {
            if (ids.Any(Poison.Contains))
            {
                return LoopbackServer.Json(context, 500, """{"type":"urn:litellm:error:internal-server-error","title":"Internal server error","status":500,"detail":"Failed to create users."}""", "application/problem+json");
            }

            var rows = ids.Select(id => (JsonNode)(_users.Add(id)
                ? new JsonObject { ["user_id"] = id, ["success"] = true, ["key"] = null, ["error"] = null }
                : new JsonObject { ["user_id"] = id, ["success"] = false, ["key"] = null, ["error"] = $"User with id {id} already exists" }));
            return LoopbackServer.Json(context, 200, new JsonObject { ["data"] = new JsonArray([.. rows]), ["meta"] = new JsonObject() }.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
