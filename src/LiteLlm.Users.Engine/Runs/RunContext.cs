using LiteLlm.Admin;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What every run works with: the proxy, where it logs and counts, and how it finds users.</summary>
internal sealed class RunContext
{
    /// <summary>Creates the context.</summary>
    public RunContext(LiteLlmAdminClient client, int concurrency, IRunLog? log, RunProgress? progress)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Log = log ?? NullRunLog.Instance;
        Progress = progress ?? new RunProgress();
        Users = new UserDirectory(client, concurrency, Log, Progress);
        Routes = new RouteProbe(client);
    }

    /// <summary>The proxy.</summary>
    public LiteLlmAdminClient Client { get; }

    /// <summary>Where the run says what it does.</summary>
    public IRunLog Log { get; }

    /// <summary>Live counters for the progress display.</summary>
    public RunProgress Progress { get; }

    /// <summary>Finds users on the proxy.</summary>
    public UserDirectory Users { get; }

    /// <summary>Which write routes the proxy has (probed once, on first need).</summary>
    public RouteProbe Routes { get; }
}
