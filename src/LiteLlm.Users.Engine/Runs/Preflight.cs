using LiteLlm.Admin;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What a command needs to know about the proxy before it plans.</summary>
[Flags]
internal enum PreflightNeeds
{
    /// <summary>Only access and the number of users.</summary>
    None = 0,

    /// <summary>Who owns the key in use (never removed).</summary>
    Caller = 1,

    /// <summary>The proxy's teams.</summary>
    Teams = 2,
}

/// <summary>What the preflight found: access works, the number of users, and what the command asked for.</summary>
/// <param name="ServerUsers">Users on the proxy.</param>
/// <param name="CallerUserId">The user who owns the key in use (null for the master key, or when not asked).</param>
/// <param name="Teams">The proxy's teams (empty when not asked).</param>
internal sealed record Preflight(int ServerUsers, string? CallerUserId, TeamDirectory Teams)
{
    /// <summary>
    /// Sends the small independent reads at once: the user count (which also checks the key), and
    /// as asked the key's owner and the teams. Extra <paramref name="alongside"/> tasks (route
    /// probes) run with them. A failure that ends the run is thrown.
    /// </summary>
    public static async Task<Preflight> RunAsync(RunContext context, PreflightNeeds needs, IReadOnlyList<Task> alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(alongside);
        context.Progress.StartPhase("Checking the proxy", 0);

        // When the user count fails (a rejected key, no database, no server), the other reads are
        // abandoned at once rather than waited for through their retries: the run ends in seconds.
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var total = context.Users.ProbeTotalAsync(failFast.Token);
        var caller = needs.HasFlag(PreflightNeeds.Caller) ? ProtectionRules.FindCallerAsync(context.Client, context.Log, failFast.Token) : Task.FromResult<string?>(null);
        var teams = needs.HasFlag(PreflightNeeds.Teams) ? TeamDirectory.LoadAsync(context.Client, failFast.Token) : Task.FromResult(TeamDirectory.Empty);
        try
        {
            await total.ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException)
        {
            await failFast.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll([caller, teams, .. alongside]).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await Task.WhenAll([total, caller, teams, .. alongside]).ConfigureAwait(false);
        return new Preflight(await total.ConfigureAwait(false), await caller.ConfigureAwait(false), await teams.ConfigureAwait(false));
    }
}
