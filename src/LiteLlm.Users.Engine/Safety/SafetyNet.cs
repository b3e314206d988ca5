using LiteLlm.Admin;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// The safety net every command that changes users gets, built the same way for all: the audit log
/// (one line per change, always) and, for commands that remove users, the backup taken before each
/// removal. The run tells it of every change; the command says afterwards where it wrote.
/// </summary>
public sealed class SafetyNet : IDisposable
{
    private readonly AuditLog _audit;
    private readonly UserBackup? _backup;

    /// <summary>Creates the safety net of one run against <paramref name="client"/>'s proxy.</summary>
    /// <param name="client">The proxy (its base URL and redactor; the backup's listings).</param>
    /// <param name="auditLog">The audit log file (JSON lines, appended to, owner-only).</param>
    /// <param name="operatorName">Who runs the change.</param>
    /// <param name="backupFolder">The backup folder, or null to take no backup.</param>
    /// <param name="command">The command, part of the backup file's name.</param>
    /// <param name="concurrency">Parallel listings for the backup.</param>
    /// <param name="log">Where the backup says where it writes.</param>
    /// <param name="restoreHint">The command that restores a given backup file (the proxy or the rehearsal named), shown when the backup starts; null = <c>litellm-users restore --backup 'FILE'</c>.</param>
    public SafetyNet(LiteLlmAdminClient client, string auditLog, string operatorName, string? backupFolder, string command, int concurrency, Runs.IRunLog? log, Func<string, string>? restoreHint = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Operator = operatorName;
        _audit = new AuditLog(auditLog, operatorName, client.Endpoint, client.Redactor);
        _backup = backupFolder is null
            ? null
            : new UserBackup(client, new UserBackupOptions { Folder = backupFolder, Command = command, Operator = operatorName, Concurrency = concurrency, RestoreHint = restoreHint }, log);
        Observers = _backup is null ? [_audit] : [_backup, _audit];
    }

    /// <summary>Who makes the changes.</summary>
    internal string Operator { get; }

    /// <summary>Whether a backup is taken before removals.</summary>
    public bool TakesBackups => _backup is not null;

    /// <summary>The backup file, once one was written.</summary>
    public string? BackupPath => _backup?.Path;

    /// <summary>Users written to the backup.</summary>
    public int BackedUp => _backup?.Count ?? 0;

    /// <summary>The audit log file.</summary>
    public string AuditPath => _audit.Path;

    /// <summary>Lines this run wrote to the audit log.</summary>
    public int Audited => _audit.Written;

    /// <summary>Every observer, the backup first (it must finish before a change is sent).</summary>
    internal IReadOnlyList<IChangeObserver> Observers { get; }

    /// <summary>The run applies a reviewed plan: every audit line names its maker and approver.</summary>
    internal void NotePlan(Plans.PlanSignature signature) => _audit.Plan = signature;

    /// <inheritdoc />
    public void Dispose()
    {
        _backup?.Dispose();
        _audit.Dispose();
    }
}
