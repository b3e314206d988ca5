using LiteLlm.Admin;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>What every job that changes users is configured with.</summary>
public interface IUserJobOptions
{
    /// <summary>Requests in flight at once.</summary>
    int Concurrency { get; }

    /// <summary>The result file (the journal lives beside it).</summary>
    string ResultFile { get; }

    /// <summary>Journal path; null = beside the result file.</summary>
    string? JournalFile { get; }
}

/// <summary>
/// The common ground of the jobs that change users (delete, add, sync): the client, the options,
/// where they log and count progress, the user directory they resolve with, and their journal.
/// </summary>
/// <typeparam name="TOptions">The job's options.</typeparam>
public abstract class UserJob<TOptions>
    where TOptions : class, IUserJobOptions
{
    /// <summary>Creates the job.</summary>
    protected UserJob(LiteLlmAdminClient client, TOptions options, IRunLog? log, RunProgress? progress)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Log = log ?? NullRunLog.Instance;
        Progress = progress ?? new RunProgress();
        Users = new UserDirectory(client, options.Concurrency, Log, Progress);
    }

    /// <summary>Where the journal of this job lives.</summary>
    public string JournalPath => RunSession.JournalPathFor(Options.ResultFile, Options.JournalFile);

    /// <summary>The proxy.</summary>
    protected LiteLlmAdminClient Client { get; }

    /// <summary>The job's settings.</summary>
    protected TOptions Options { get; }

    /// <summary>Where the job says what it does.</summary>
    protected IRunLog Log { get; }

    /// <summary>Live counters for the progress display.</summary>
    protected RunProgress Progress { get; }

    /// <summary>Finds users on the proxy.</summary>
    protected UserDirectory Users { get; }
}
