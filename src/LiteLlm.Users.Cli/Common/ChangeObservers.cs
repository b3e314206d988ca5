using System.CommandLine;
using LiteLlm.Admin;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Builds the engine's <see cref="SafetyNet"/> from <see cref="SafetyOptions"/> for every changing
/// command: the audit log always, the backup when the command deletes and --no-backup is not given;
/// and says afterwards where they wrote.
/// </summary>
public static class ChangeObservers
{
    /// <summary>Builds the safety net of one run.</summary>
    /// <param name="options">The shared options.</param>
    /// <param name="result">The parsed command line.</param>
    /// <param name="context">Environment (paths are resolved against its folder).</param>
    /// <param name="client">The connected client (base URL, redactor, listings for the backup).</param>
    /// <param name="log">Where the backup says where it writes.</param>
    /// <param name="command">The command's name, e.g. "delete".</param>
    /// <param name="concurrency">Parallel listings for the backup.</param>
    /// <param name="restoreHint">The command that restores a given backup file (<see cref="CommandSession.RestoreCommand"/>).</param>
    public static SafetyNet Create(SafetyOptions options, ParseResult result, CliContext context, LiteLlmAdminClient client, IRunLog log, string command, int concurrency, Func<string, string>? restoreHint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment;
        var backup = options.TakesBackups && !result.GetValue(options.NoBackup) ? env.ResolvePath(result.GetValue(options.BackupDir)!) : null;
        return new SafetyNet(client, env.ResolvePath(result.GetValue(options.AuditLog)!), options.Operator(result, env), backup, command, concurrency, log, restoreHint);
    }

    /// <summary>Prints where the backup and the audit lines went, and how to undo (nothing when the run changed nothing).</summary>
    public static async Task ReportAsync(this SafetyNet safety, TextWriter output, bool backupsExpected, Func<string, string>? restoreHint = null)
    {
        ArgumentNullException.ThrowIfNull(safety);
        ArgumentNullException.ThrowIfNull(output);
        if (safety.BackupPath is { } backup)
        {
            await output.WriteLineAsync(Printable.Text($"Backup of {Printable.Count(safety.BackedUp, "user")} written to '{backup}'")).ConfigureAwait(false);
            if (restoreHint is not null)
            {
                await output.WriteLineAsync(Printable.Text($"To undo: {restoreHint(backup)}")).ConfigureAwait(false);
            }
        }
        else if (backupsExpected && !safety.TakesBackups)
        {
            await output.WriteLineAsync("No backup taken (--no-backup): deleted users cannot be restored").ConfigureAwait(false);
        }

        if (safety.Audited > 0)
        {
            await output.WriteLineAsync(Printable.Text($"Audit log: {Printable.Count(safety.Audited, "change")} appended to '{safety.AuditPath}'")).ConfigureAwait(false);
        }
    }
}
