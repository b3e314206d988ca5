using System.CommandLine;
using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Builds the observers every changing command attaches to its engine job from
/// <see cref="SafetyOptions"/>: the audit log always, the backup when the command deletes and
/// --no-backup is not given. Dispose it after the run; <see cref="ReportAsync"/> says where they wrote.
/// </summary>
public sealed class ChangeObservers : IDisposable
{
    private ChangeObservers(AuditLog audit, UserBackup? backup)
    {
        Audit = audit;
        Backup = backup;
        All = backup is null ? [audit] : [backup, audit];
    }

    /// <summary>Every observer, the backup first (it must finish before a change is sent).</summary>
    public IReadOnlyList<IChangeObserver> All { get; }

    /// <summary>The audit log.</summary>
    public AuditLog Audit { get; }

    /// <summary>The backup, or null with --no-backup or for a command that deletes nothing.</summary>
    public UserBackup? Backup { get; }

    /// <summary>Builds the observers of one run.</summary>
    /// <param name="options">The shared options.</param>
    /// <param name="result">The parsed command line.</param>
    /// <param name="context">Environment (paths are resolved against its folder).</param>
    /// <param name="client">The connected client (base URL, redactor, listings for the backup).</param>
    /// <param name="log">Where the backup says where it writes.</param>
    /// <param name="command">The command's name, e.g. "delete".</param>
    /// <param name="concurrency">Parallel listings for the backup.</param>
    public static ChangeObservers Create(SafetyOptions options, ParseResult result, CliContext context, LiteLlmAdminClient client, IRunLog log, string command, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        var env = context.Environment;
        var operatorName = options.Operator(result, env);
        var audit = new AuditLog(env.ResolvePath(result.GetValue(options.AuditLog)!), operatorName, client.Endpoint, client.Redactor);
        var backup = options.TakesBackups && !result.GetValue(options.NoBackup)
            ? new UserBackup(client, new UserBackupOptions { Folder = env.ResolvePath(result.GetValue(options.BackupDir)!), Command = command, Operator = operatorName, Concurrency = concurrency }, log)
            : null;
        return new ChangeObservers(audit, backup);
    }

    /// <summary>Prints where the backup and the audit lines went (nothing when the run changed nothing).</summary>
    public async Task ReportAsync(TextWriter output, bool backupsExpected)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Backup?.Path is { } backup)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Backup of {Backup.Count} users written to '{backup}'")).ConfigureAwait(false);
        }
        else if (backupsExpected && Backup is null)
        {
            await output.WriteLineAsync("No backup taken (--no-backup): deleted users cannot be restored").ConfigureAwait(false);
        }

        if (Audit.Written > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Audit log: {Audit.Written} changes appended to '{Audit.Path}'")).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Backup?.Dispose();
        Audit.Dispose();
    }
}
