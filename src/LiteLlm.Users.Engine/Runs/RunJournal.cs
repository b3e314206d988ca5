using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// An append-only JSON-lines journal of one run: the run's identity, optionally its plan (what a
/// rerun could not work out again from the input; fsynced before any change), each change's intent
/// (before it is sent; fsynced) and each row's outcome as the command's typed row (before it is
/// reported). Every record carries the journal format version: a journal of another version is
/// refused, never misread. Rerunning the same command after a crash, kill or Ctrl+C reads it back
/// and continues; a journal of another run is never applied. The file is removed when a run finishes.
/// </summary>
internal sealed class RunJournal : IDisposable
{
    /// <summary>The journal format this build writes and reads.</summary>
    public const int FormatVersion = 2;

    private readonly FileStream _stream;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    private RunJournal(string path, FileStream stream, string runId)
    {
        Path = path;
        _stream = stream;
        RunId = runId;
    }

    /// <summary>Where the journal is.</summary>
    public string Path { get; }

    /// <summary>The run's id: new for a fresh run, the interrupted run's when resuming.</summary>
    public string RunId { get; }

    /// <summary>Reads the state an interrupted run with the same identity left at <paramref name="path"/>, if any.</summary>
    /// <returns>The state, or null when there is no journal to resume; <paramref name="foreign"/> is true when a journal of another run is there.</returns>
    /// <exception cref="InputException">The journal was written by another version of the tool.</exception>
    public static JournalState<TRow>? TryLoad<TRow>(string path, RunIdentity identity, JsonTypeInfo<TRow> rowInfo, out bool foreign)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(rowInfo);
        foreign = false;
        if (!File.Exists(path))
        {
            return null;
        }

        var rows = new Dictionary<int, TRow>();
        var intents = new Dictionary<int, IReadOnlyList<string>>();
        var intentIds = new HashSet<string>(StringComparer.Ordinal);
        List<JsonElement>? plan = null;
        DateTimeOffset started = default;
        var runId = string.Empty;
        var sawHeader = false;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement record;
            try
            {
                using var document = JsonDocument.Parse(line);
                record = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write (a resumed run starts its records on a new line).
                continue;
            }

            if (record.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var type = Text(record, "type");
            if (type == "run")
            {
                // Another run's journal is set aside whatever wrote it; this run's must be of this format.
                var theirs = new RunIdentity(Text(record, "command") ?? string.Empty, Text(record, "base_url") ?? string.Empty, Text(record, "input_sha256") ?? string.Empty);
                if (theirs != identity)
                {
                    foreign = true;
                    return null;
                }
            }

            CheckVersion(path, record);
            switch (type)
            {
                case "run":
                    started = DateTimeOffset.Parse(Text(record, "started_at") ?? "2000-01-01T00:00:00Z", CultureInfo.InvariantCulture);
                    runId = Text(record, "run_id") ?? string.Empty;
                    sawHeader = true;
                    break;
                case "intent" when sawHeader:
                    foreach (var item in record.GetProperty("rows").EnumerateArray())
                    {
                        var ids = Strings(item.GetProperty("ids"));
                        intents[item.GetProperty("line").GetInt32()] = ids;
                        intentIds.UnionWith(ids);
                    }

                    break;
                case "plan" when sawHeader:
                    plan ??= [];
                    plan.AddRange(record.GetProperty("rows").EnumerateArray());
                    break;
                case "row" when sawHeader:
                    rows[record.GetProperty("line").GetInt32()] = record.GetProperty("row").Deserialize(rowInfo)!;
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

        return new JournalState<TRow> { RunId = runId, StartedAt = started, Rows = rows, Intents = intents, IntentIds = intentIds, Plan = plan };
    }

    /// <summary>Starts a new journal (replacing any file there), or continues the one of the run <paramref name="resumeRunId"/>.</summary>
    public static RunJournal Open(string path, RunIdentity identity, string? resumeRunId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var resume = resumeRunId is not null;
        // Owner-only when created: it holds the rows (add's invitation links among them) until the run finishes.
        var options = new FileStreamOptions { Mode = resume ? FileMode.Append : FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        var journal = new RunJournal(path, stream, resumeRunId ?? Guid.NewGuid().ToString("N"));
        var now = (time ?? TimeProvider.System).GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (resume)
        {
            // A crash may have torn the last line; start ours on a fresh one.
            journal.Write("resume", w => w.WriteString("at", now), sync: true, leadingNewLine: true);
        }
        else
        {
            journal.Write(
                "run",
                w =>
                {
                    w.WriteString("run_id", journal.RunId);
                    w.WriteString("command", identity.Command);
                    w.WriteString("base_url", identity.BaseUrl);
                    w.WriteString("input_sha256", identity.InputSha256);
                    w.WriteString("started_at", now);
                },
                sync: true);
        }

        return journal;
    }

    /// <summary>Records, durably, that a change is about to be sent for these rows' ids.</summary>
    public void Intent(IEnumerable<(int Line, IReadOnlyList<string> Ids)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Write(
            "intent",
            w =>
            {
                w.WriteStartArray("rows");
                foreach (var (line, ids) in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", line);
                    WriteStrings(w, "ids", ids);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            },
            sync: true);
    }

    /// <summary>
    /// Records, durably, what a run decided that a rerun could not work out again from the input
    /// (e.g. users to remove because the input does not list them: once some are gone, a rerun
    /// would no longer see them). A rerun reads them back as <see cref="JournalState{TRow}.Plan"/>.
    /// </summary>
    public void Plan<T>(IEnumerable<T> records, JsonTypeInfo<T> info)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(info);
        Write(
            "plan",
            w =>
            {
                w.WriteStartArray("rows");
                foreach (var record in records)
                {
                    JsonSerializer.Serialize(w, record, info);
                }

                w.WriteEndArray();
            },
            sync: true);
    }

    /// <summary>Records a row's final outcome.</summary>
    public void Row<TRow>(int line, TRow row, JsonTypeInfo<TRow> info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Write(
            "row",
            w =>
            {
                w.WriteNumber("line", line);
                w.WritePropertyName("row");
                JsonSerializer.Serialize(w, row, info);
            },
            sync: false);
    }

    /// <summary>Marks the run finished and removes the journal.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            WriteLocked("done", null, sync: true, leadingNewLine: false);
            _stream.Dispose();
        }

        File.Delete(Path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }

    private static void CheckVersion(string path, JsonElement record)
    {
        var version = record.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 1;
        if (version != FormatVersion)
        {
            throw new InputException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{path}' holds an interrupted run written by another version of litellm-users (journal format {version}; this version reads format {FormatVersion}). Finish that run with the version that started it, or start over with --fresh."));
        }
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetString() ?? string.Empty)];

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private void Write(string type, Action<Utf8JsonWriter>? body, bool sync, bool leadingNewLine = false)
    {
        lock (_gate)
        {
            WriteLocked(type, body, sync, leadingNewLine);
        }
    }

    private void WriteLocked(string type, Action<Utf8JsonWriter>? body, bool sync, bool leadingNewLine)
    {
        _buffer.ResetWrittenCount();
        if (leadingNewLine)
        {
            _buffer.Write("\n"u8);
        }

        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("type", type);
            body?.Invoke(writer);
            writer.WriteEndObject();
        }

        _buffer.Write("\n"u8);
        _stream.Write(_buffer.WrittenSpan);
        // Row outcomes go to the OS (enough for a killed process); intents, plans and the header are fsynced.
        _stream.Flush(sync);
    }
}
