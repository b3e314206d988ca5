using System.CommandLine;
using LiteLlm.Admin;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// What every command that changes users does around its engine job, written once: connect (to
/// the proxy or the rehearsal sandbox), attach the audit log and the backup, show progress while
/// the job runs, and release it all at the end.
/// </summary>
public sealed class CommandSession : IAsyncDisposable
{
    private readonly CliContext _context;

    private CommandSession(CliContext context, StderrLog log, ProxyConnection connection, SafetyNet observers, Func<string, string> restoreCommand)
    {
        _context = context;
        Log = log;
        Connection = connection;
        Observers = observers;
        RestoreCommand = restoreCommand;
    }

    /// <summary>
    /// The command that restores a backup file this run wrote, to the same place: with the proxy's
    /// --base-url, or for a rehearsal with the same --sandbox seed (whose state the restore continues).
    /// </summary>
    public Func<string, string> RestoreCommand { get; }

    /// <summary>The log on stderr.</summary>
    public StderrLog Log { get; }

    /// <summary>The connection (and the sandbox, when rehearsing).</summary>
    public ProxyConnection Connection { get; }

    /// <summary>The client.</summary>
    public LiteLlmAdminClient Client => Connection.Client;

    /// <summary>The audit log and the backup.</summary>
    public SafetyNet Observers { get; }

    /// <summary>Connects and builds the observers of one run.</summary>
    /// <param name="context">The CLI's writers, environment and signals.</param>
    /// <param name="result">The parsed command line.</param>
    /// <param name="connection">The command's connection options.</param>
    /// <param name="safety">The command's audit and backup options.</param>
    /// <param name="command">The command's name (for the backup file's name).</param>
    /// <param name="log">The log.</param>
    public static async Task<CommandSession> StartAsync(CliContext context, ParseResult result, ConnectionOptions connection, SafetyOptions safety, string command, StderrLog log)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(safety);
        var proxy = await connection.ConnectAsync(result, context, log, safety.Operator(result, context.Environment)).ConfigureAwait(false);
        var seed = result.GetValue(connection.Sandbox);
        var target = seed is not null ? " --sandbox " + ShellWord(seed) : " --base-url " + ShellWord(proxy.Client.Endpoint.AbsoluteUri);
        string Restore(string backup) => "litellm-users restore --backup " + ShellWord(backup) + target;
        var observers = ChangeObservers.Create(safety, result, context, proxy.Client, log, command, result.GetValue(connection.Concurrency), Restore);
        return new CommandSession(context, log, proxy, observers, Restore);
    }

    /// <summary>Prints where the backup and the audit lines went, and the command that undoes the run.</summary>
    public Task ReportSafetyAsync(TextWriter output, bool backupsExpected) => Observers.ReportAsync(output, backupsExpected, RestoreCommand);

    /// <summary>A word as a POSIX shell reads it: as it is when it is plain, else in single quotes.</summary>
    public static string ShellWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-:=@+%,".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Runs <paramref name="job"/> with a progress display (<paramref name="verb"/> names successes: "deleted").</summary>
    public async Task<TResult> RunAsync<TResult>(string verb, Func<RunProgress, Task<TResult>> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = new RunProgress();
        await using (ProgressReporter.Start(progress, _context, verb).ConfigureAwait(false))
        {
            return await job(progress).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Observers.Dispose();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
