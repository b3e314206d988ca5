using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What an earlier, interrupted run left behind.</summary>
/// <typeparam name="TRow">The command's output row.</typeparam>
internal sealed class JournalState<TRow>
{
    /// <summary>The interrupted run's id (the audit log's entries carry it).</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>When the interrupted run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Rows already finished, by line.</summary>
    public IReadOnlyDictionary<int, TRow> Rows { get; init; } = new Dictionary<int, TRow>();

    /// <summary>Ids a change was sent for, by line (the change may or may not have happened).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> Intents { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>Every id a change was sent for.</summary>
    public IReadOnlySet<string> IntentIds { get; init; } = new HashSet<string>();

    /// <summary>The records the run planned before changing anything (the command reads its own type), or null when it recorded none.</summary>
    public IReadOnlyList<JsonElement>? Plan { get; init; }
}
