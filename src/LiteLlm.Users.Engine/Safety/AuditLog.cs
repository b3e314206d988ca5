using System.Text;
using System.Text.Json;
using LiteLlm.Admin.Security;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// The audit log: one JSON line per change any command makes (an <see cref="IChangeObserver"/>, so
/// every command built on the engine gets it). The file is appended to, never truncated; it is
/// created owner-only on the first change, so a dry run or a run that changes nothing leaves none.
/// Each line is flushed as it is written and scrubbed of the key. Every change is recorded exactly
/// once: a resumed run (which finds some changes of the interrupted run already made) skips those its
/// run id already has in the file, and records the others, which the interrupt left unrecorded.
/// </summary>
internal sealed class AuditLog : IChangeObserver, IDisposable
{
    /// <summary>
    /// The audit context, writing names as they are ("Jörg Müller", not "J\u00F6rg M\u00FCller"), so
    /// a person reading or searching the log finds them; controls and HTML-sensitive characters stay escaped.
    /// </summary>
    private static readonly SafetyJsonContext Readable = new(new JsonSerializerOptions(SafetyJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    });

    private readonly string _operator;
    private readonly string _baseUrl;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private StreamWriter? _writer;
    private string? _runId;
    private HashSet<string>? _recorded;

    /// <summary>Creates the log; nothing is written until the first change.</summary>
    /// <param name="path">The JSON-lines file.</param>
    /// <param name="operatorName">Who runs the tool.</param>
    /// <param name="baseUrl">The proxy.</param>
    /// <param name="redactor">Scrubs the key from every line.</param>
    /// <param name="time">Clock (tests).</param>
    public AuditLog(string path, string operatorName, Uri baseUrl, SecretRedactor? redactor = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(operatorName);
        ArgumentNullException.ThrowIfNull(baseUrl);
        Path = path;
        _operator = operatorName;
        _baseUrl = baseUrl.AbsoluteUri.TrimEnd('/');
        _redactor = redactor ?? SecretRedactor.None;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Where the log is.</summary>
    public string Path { get; }

    /// <summary>The reviewed plan the run applies (its maker and approver go on every line), or null.</summary>
    public Plans.PlanSignature? Plan { get; set; }

    /// <summary>Lines written by this run.</summary>
    public int Written { get; private set; }

    /// <summary>The action name of a kind of change.</summary>
    public static string ActionName(ChangeKind kind) => kind switch
    {
        ChangeKind.TeamAdd => "team_add",
        ChangeKind.TeamRemove => "team_remove",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <inheritdoc />
    public void BeginRun(string runId, bool resumed)
    {
        lock (_gate)
        {
            _runId = runId;
            _recorded = resumed ? ReadRecorded(runId) : null;
        }
    }

    /// <inheritdoc />
    public ValueTask BeforeChangeAsync(ChangeKind kind, IReadOnlyList<LiteLlmUser> users, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public void AfterChange(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = new AuditEntry(_time.GetUtcNow(), _operator, _baseUrl, ActionName(record.Kind), record.UserId, record.Email, record.Success, record.Outcome, _runId)
        {
            PlanMadeBy = Plan?.MadeBy,
            PlanApprovedBy = Plan?.ApprovedBy,
        };
        var line = _redactor.Redact(JsonSerializer.Serialize(entry, Readable.AuditEntry));
        lock (_gate)
        {
            if (_recorded is not null && !_recorded.Add(KeyOf(entry.Action, entry.UserId, entry.Outcome)))
            {
                // The interrupted run already recorded this change.
                return;
            }

            _writer ??= new StreamWriter(PrivateFile.OpenAppend(Path), new UTF8Encoding(false)) { NewLine = "\n" };
            _writer.WriteLine(line);
            _writer.Flush();
            Written++;
        }
    }

    private static string KeyOf(string action, string? userId, string outcome) => string.Join('\u001f', action, userId, outcome);

    /// <summary>The changes the run <paramref name="runId"/> already recorded in the file.</summary>
    private HashSet<string> ReadRecorded(string runId)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return recorded;
        }

        foreach (var text in File.ReadLines(Path))
        {
            AuditEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(text, SafetyJsonContext.Default.AuditEntry);
            }
            catch (JsonException)
            {
                // A line torn by a crash.
                continue;
            }

            if (entry is not null && string.Equals(entry.RunId, runId, StringComparison.Ordinal))
            {
                recorded.Add(KeyOf(entry.Action, entry.UserId, entry.Outcome));
            }
        }

        return recorded;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
