using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiteLlm.Users.Engine.Journal;

/// <summary>What identifies a run: a journal is only ever applied to the same command, proxy and input.</summary>
/// <param name="Command">e.g. "delete".</param>
/// <param name="BaseUrl">The proxy, normalised.</param>
/// <param name="InputSha256">SHA-256 of the input file's bytes.</param>
public sealed record RunIdentity(string Command, string BaseUrl, string InputSha256)
{
    /// <summary>Builds the identity of a run over <paramref name="inputPath"/>.</summary>
    public static RunIdentity For(string command, Uri baseUrl, string inputPath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        using var stream = File.OpenRead(inputPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new RunIdentity(command, baseUrl.AbsoluteUri.TrimEnd('/'), hash);
    }
}

/// <summary>A row outcome recorded in a journal.</summary>
/// <param name="Line">Input line.</param>
/// <param name="File">Which output file ("result" or "error").</param>
/// <param name="Values">The output row.</param>
public sealed record JournaledRow(int Line, string File, IReadOnlyList<string> Values);

/// <summary>A row a run decided on before it changed anything (<see cref="RunJournal.Plan"/>).</summary>
/// <param name="Line">The row's line (for rows that are not in the input, a number after its last line).</param>
/// <param name="Ids">The user ids the row is about.</param>
/// <param name="Values">What the command needs to report the row again (e.g. email, role, teams).</param>
public sealed record JournaledPlanRow(int Line, IReadOnlyList<string> Ids, IReadOnlyList<string> Values);

/// <summary>What an earlier, interrupted run left behind.</summary>
public sealed class JournalState
{
    /// <summary>When the interrupted run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Rows already finished, by input line.</summary>
    public IReadOnlyDictionary<int, JournaledRow> Rows { get; init; } = new Dictionary<int, JournaledRow>();

    /// <summary>Ids a change was sent for, by input line (the change may or may not have happened).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> Intents { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>Every id a change was sent for.</summary>
    public IReadOnlySet<string> IntentIds { get; init; } = new HashSet<string>();

    /// <summary>The rows the run planned before changing anything, by line; null when it recorded no plan.</summary>
    public IReadOnlyDictionary<int, JournaledPlanRow>? Plan { get; init; }
}

/// <summary>
/// An append-only JSON-lines journal of one run: the run's identity, optionally its plan (rows it
/// decided on that the input alone does not give back, before any change; fsynced), each change's
/// intent (before it is sent; fsynced) and each row's outcome (before it is reported). Rerunning the same command
/// after a crash, kill or Ctrl+C reads it back and continues; a journal of another run is never
/// applied. The file is removed when a run finishes.
/// </summary>
public sealed class RunJournal : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private RunJournal(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>Where the journal is.</summary>
    public string Path { get; }

    /// <summary>Reads the state an interrupted run with the same identity left at <paramref name="path"/>, if any.</summary>
    /// <returns>The state, or null when there is no journal; <paramref name="foreign"/> is true when a journal of another run is there.</returns>
    public static JournalState? TryLoad(string path, RunIdentity identity, out bool foreign)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreign = false;
        if (!File.Exists(path))
        {
            return null;
        }

        var rows = new Dictionary<int, JournaledRow>();
        var intents = new Dictionary<int, IReadOnlyList<string>>();
        var intentIds = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<int, JournaledPlanRow>? plan = null;
        DateTimeOffset started = default;
        var sawHeader = false;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject? record;
            try
            {
                record = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write (a resumed run starts its records on a new line).
                continue;
            }

            switch ((string?)record?["type"])
            {
                case "run":
                    var theirs = new RunIdentity((string?)record!["command"] ?? string.Empty, (string?)record["base_url"] ?? string.Empty, (string?)record["input_sha256"] ?? string.Empty);
                    if (theirs != identity)
                    {
                        foreign = true;
                        return null;
                    }

                    started = DateTimeOffset.Parse((string?)record["started_at"] ?? "2000-01-01T00:00:00Z", CultureInfo.InvariantCulture);
                    sawHeader = true;
                    break;
                case "intent" when sawHeader:
                    foreach (var item in record!["rows"]?.AsArray() ?? [])
                    {
                        var ids = Strings(item?["ids"]);
                        intents[(int)item!["line"]!] = ids;
                        intentIds.UnionWith(ids);
                    }

                    break;
                case "plan" when sawHeader:
                    plan ??= [];
                    foreach (var item in record!["rows"]?.AsArray() ?? [])
                    {
                        var planned = new JournaledPlanRow((int)item!["line"]!, Strings(item["ids"]), Strings(item["values"]));
                        plan[planned.Line] = planned;
                    }

                    break;
                case "row" when sawHeader:
                    var values = Strings(record!["values"]);
                    rows[(int)record["line"]!] = new JournaledRow((int)record["line"]!, (string)record["file"]!, values);
                    break;
                case "done" when sawHeader:
                    // A finished run: nothing to resume.
                    return null;
                default:
                    break;
            }
        }

        if (!sawHeader)
        {
            foreign = true;
            return null;
        }

        return new JournalState { StartedAt = started, Rows = rows, Intents = intents, IntentIds = intentIds, Plan = plan };
    }

    private static List<string> Strings(JsonNode? array) => array?.AsArray().Select(v => (string?)v ?? string.Empty).ToList() ?? [];

    /// <summary>Starts a new journal (replacing any file there) or continues an existing one.</summary>
    public static RunJournal Open(string path, RunIdentity identity, bool resume, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        var journal = new RunJournal(path, stream);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (resume)
        {
            // A crash may have torn the last line; start ours on a fresh one.
            journal.Write(new JsonObject { ["type"] = "resume", ["at"] = now }, sync: true, leadingNewLine: true);
        }
        else
        {
            journal.Write(
                new JsonObject
                {
                    ["type"] = "run",
                    ["command"] = identity.Command,
                    ["base_url"] = identity.BaseUrl,
                    ["input_sha256"] = identity.InputSha256,
                    ["started_at"] = now,
                },
                sync: true);
        }

        return journal;
    }

    /// <summary>Records, durably, that a change is about to be sent for these rows' ids.</summary>
    public void Intent(IEnumerable<(int Line, IReadOnlyList<string> Ids)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = new JsonArray();
        foreach (var (line, ids) in rows)
        {
            array.Add(new JsonObject { ["line"] = line, ["ids"] = Array(ids) });
        }

        Write(new JsonObject { ["type"] = "intent", ["rows"] = array }, sync: true);
    }

    /// <summary>
    /// Records, durably, rows a run decided on that a rerun could not work out again from the input
    /// (e.g. users to remove because the input does not list them: once some are gone, a rerun
    /// would no longer see them). A rerun reads them back as <see cref="JournalState.Plan"/>.
    /// </summary>
    public void Plan(IEnumerable<JournaledPlanRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = new JsonArray();
        foreach (var row in rows)
        {
            array.Add(new JsonObject { ["line"] = row.Line, ["ids"] = Array(row.Ids), ["values"] = Array(row.Values) });
        }

        Write(new JsonObject { ["type"] = "plan", ["rows"] = array }, sync: true);
    }

    /// <summary>Records a row's final outcome.</summary>
    public void Row(int line, string file, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Write(
            new JsonObject
            {
                ["type"] = "row",
                ["line"] = line,
                ["file"] = file,
                ["values"] = Array(values),
            },
            sync: false);
    }

    /// <summary>Marks the run finished and removes the journal.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            WriteLocked(new JsonObject { ["type"] = "done" }, sync: true, leadingNewLine: false);
            _stream.Dispose();
        }

        File.Delete(Path);
    }

    private static JsonArray Array(IEnumerable<string?> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v ?? string.Empty))]);

    private void Write(JsonObject record, bool sync, bool leadingNewLine = false)
    {
        lock (_gate)
        {
            WriteLocked(record, sync, leadingNewLine);
        }
    }

    private void WriteLocked(JsonObject record, bool sync, bool leadingNewLine)
    {
        var text = (leadingNewLine ? "\n" : string.Empty) + record.ToJsonString() + "\n";
        _stream.Write(Encoding.UTF8.GetBytes(text));
        // Row outcomes go to the OS (enough for a killed process); intents and the header are fsynced.
        _stream.Flush(sync);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }
}
