using System.Text.Json.Nodes;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>Reads the audit log a run left in the harness's folder.</summary>
public static class Audit
{
    /// <summary>Every line of the audit log, parsed.</summary>
    public static IReadOnlyList<JsonObject> Lines(CliHarness h, string name = "litellm-users-audit.jsonl")
    {
        ArgumentNullException.ThrowIfNull(h);
        return h.Exists(name)
            ? [.. h.Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())]
            : [];
    }

    /// <summary>The user ids of the successful deletions the audit log records (repeats kept, so a test can prove there are none).</summary>
    public static IReadOnlyList<string> DeletedIds(CliHarness h) =>
        [.. Lines(h).Where(l => (string?)l["action"] == "delete" && (bool?)l["success"] == true).Select(l => (string)l["user_id"]!)];
}
