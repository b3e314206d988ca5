namespace LiteLlm.Sandbox;

/// <summary>
/// One request as the sandbox saw it. <see cref="Path"/> has no query; <see cref="QueryString"/> is the raw
/// <c>?…</c> or empty. <see cref="Status"/> is what was (or, for <c>DropAfterCommit</c>, would have been) sent;
/// 0 when the connection was dropped before any response. <see cref="Headers"/> keep every header name, with
/// the values of key-carrying headers redacted (e.g. <c>Bearer sk-…(redacted)</c>).
/// </summary>
public sealed record JournalEntry(
    long Sequence,
    string Method,
    string Path,
    string QueryString,
    string? Body,
    int Status,
    string? Fault,
    bool Committed,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>Thread-safe, ordered record of every request the sandbox received.</summary>
public sealed class RequestJournal
{
    private static readonly HashSet<string> WriteMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private readonly Func<string, bool> _isStateChangingRoute;
    private long _sequence;

    internal RequestJournal(Func<string, bool> isStateChangingRoute)
    {
        _isStateChangingRoute = isStateChangingRoute;
    }

    /// <summary>Snapshot, in arrival order.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.OrderBy(e => e.Sequence).ToList();
            }
        }
    }

    /// <summary>Entries that are POST/PUT/PATCH/DELETE requests to a state-changing route (whatever their outcome).</summary>
    public IReadOnlyList<JournalEntry> Mutations =>
        Entries.Where(e => WriteMethods.Contains(e.Method) && _isStateChangingRoute(e.Path)).ToList();

    /// <summary>Request counts keyed by <c>"METHOD /path"</c>.</summary>
    public IReadOnlyDictionary<string, int> CountByRoute() =>
        Entries.GroupBy(e => e.Method + " " + e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Writes every entry as one JSON object per line (sequence, at, method, path, query, status, fault,
    /// committed, headers, body); key-carrying headers and secret body fields are already redacted.</summary>
    public void WriteJsonLines(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var e in Entries)
        {
            buffer.ResetWrittenCount();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer, SandboxJson.WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", e.Sequence);
                json.WriteString("at", SandboxJson.Timestamp(e.At));
                json.WriteString("method", e.Method);
                json.WriteString("path", e.Path);
                json.WriteString("query", e.QueryString);
                json.WriteNumber("status", e.Status);
                json.WriteString("fault", e.Fault);
                json.WriteBoolean("committed", e.Committed);
                json.WriteStartObject("headers");
                foreach (var (name, value) in e.Headers)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
                json.WriteString("body", e.Body);
                json.WriteEndObject();
            }

            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        writer.Flush();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(JournalEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
