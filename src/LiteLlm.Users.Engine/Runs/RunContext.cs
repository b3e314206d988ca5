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
    }

    /// <summary>The proxy.</summary>
    public LiteLlmAdminClient Client { get; }

    /// <summary>Where the run says what it does.</summary>
    public IRunLog Log { get; }

    /// <summary>Live counters for the progress display.</summary>
    public RunProgress Progress { get; }

    /// <summary>Finds users on the proxy.</summary>
    public UserDirectory Users { get; }

    /// <summary>The route a write goes through: <paramref name="requested"/>, or for auto what the proxy has (asked once per client).</summary>
    public async Task<Admin.Users.UserWriteRoute> RouteAsync(Admin.Users.UserWriteRoute requested, bool delete, CancellationToken cancellationToken)
    {
        if (requested != Admin.Users.UserWriteRoute.Auto)
        {
            return requested;
        }

        var routes = await Client.Users.GetRoutesAsync(cancellationToken).ConfigureAwait(false);
        return delete ? routes.DeleteRoute(requested) : routes.CreateRoute(requested);
    }
}
