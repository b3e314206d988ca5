using System.CommandLine;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// The options every command that changes users shares, so each gets the same safety net the
/// same way: --audit-log and --changed-by always; --backup-dir and --no-backup where users are
/// deleted. Build the observers from them with <see cref="ChangeObservers"/>.
/// </summary>
public sealed class SafetyOptions
{
    /// <summary>Default audit log, in the current folder.</summary>
    public const string DefaultAuditLog = "litellm-users-audit.jsonl";

    /// <summary>Default backup folder, in the current folder.</summary>
    public const string DefaultBackupDir = "litellm-users-backups";

    /// <summary>Creates the options.</summary>
    /// <param name="backup">Whether the command deletes users (and so takes backups).</param>
    public SafetyOptions(bool backup)
    {
        TakesBackups = backup;
        ChangedBy.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && (value.Trim().Length == 0 || value.Any(char.IsControl)))
            {
                r.AddError("--changed-by must be a non-empty name on one line.");
            }
        });
    }

    /// <summary>Whether --backup-dir and --no-backup are offered.</summary>
    public bool TakesBackups { get; }

    /// <summary>--audit-log.</summary>
    public Option<string> AuditLog { get; } = new("--audit-log")
    {
        Description = "Append one JSON line per change (time, operator, base URL, action, user_id, email, outcome) to this file, created owner-only",
        DefaultValueFactory = _ => DefaultAuditLog,
    };

    /// <summary>--changed-by.</summary>
    public Option<string?> ChangedBy { get; } = new("--changed-by")
    {
        Description = "Who is making the change: written to the audit log and sent as the litellm-changed-by header, so LiteLLM's own audit log names them [default: the OS user]",
    };

    /// <summary>--backup-dir.</summary>
    public Option<string> BackupDir { get; } = new("--backup-dir")
    {
        Description = "Folder for the backup (JSON lines, owner-only) of every user, written before it is deleted; restore it with 'litellm-users restore --backup FILE'",
        DefaultValueFactory = _ => DefaultBackupDir,
    };

    /// <summary>--no-backup.</summary>
    public Option<bool> NoBackup { get; } = new("--no-backup")
    {
        Description = "Do not back users up before deleting them (a deleted user cannot be restored then)",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(AuditLog);
        command.Options.Add(ChangedBy);
        if (!TakesBackups)
        {
            return;
        }

        command.Options.Add(BackupDir);
        command.Options.Add(NoBackup);
        command.Validators.Add(r =>
        {
            if (r.GetValue(NoBackup) && r.GetResult(BackupDir) is { Implicit: false })
            {
                r.AddError("--no-backup and --backup-dir contradict each other: choose one.");
            }
        });
    }

    /// <summary>The files these options name, for <see cref="PathClash"/>: the audit log and the backup folder (a dry run writes neither).</summary>
    public IEnumerable<FileUse> Files(ParseResult result, CliEnvironment environment, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        if (dryRun)
        {
            return [];
        }

        var uses = new List<FileUse> { FileUse.Writes("--audit-log", environment.ResolvePath(result.GetValue(AuditLog)!)) };
        if (TakesBackups && !result.GetValue(NoBackup))
        {
            uses.Add(FileUse.Folder("--backup-dir", environment.ResolvePath(result.GetValue(BackupDir)!)));
        }

        return uses;
    }

    /// <summary>The operator: --changed-by, else the OS user (USER, USERNAME, or the process's user).</summary>
    public string Operator(ParseResult result, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        var name = result.GetValue(ChangedBy) ?? environment.Get("USER") ?? environment.Get("USERNAME") ?? Environment.UserName;
        return string.IsNullOrWhiteSpace(name) ? "unknown" : name.Trim();
    }
}
