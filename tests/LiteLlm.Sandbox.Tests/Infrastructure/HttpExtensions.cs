using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiteLlm.Sandbox.Tests.Infrastructure;

public static class HttpExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonNode?> NodeAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>The <c>error</c> object of envelope A.</summary>
    public static JsonElement Error(this JsonElement body) => body.GetProperty("error");

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static List<string> Strings(this JsonElement element) => element.EnumerateArray().Select(e => e.GetString()!).ToList();

    public static List<string> UserIds(this JsonElement listBody) =>
        listBody.GetProperty("users").EnumerateArray().Select(u => u.Str("user_id")).ToList();
}

/// <summary>Expected bodies captured from LiteLLM 1.77.1 (copied into the test project; see Captures/README.md).</summary>
public static class Captures
{
    public static JsonNode Body(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Captures", name + ".json");
        return JsonNode.Parse(File.ReadAllText(path))!["response"]!["body_json"]!;
    }

    public static int Status(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Captures", name + ".json");
        return JsonNode.Parse(File.ReadAllText(path))!["response"]!["status"]!.GetValue<int>();
    }

    public static void ShouldMatch(this JsonNode? actual, JsonNode expected) =>
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue($"expected {expected.ToJsonString()}\n but got {actual?.ToJsonString()}");
}
