using System.Collections.Concurrent;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// Keeps two deletes that touch the same team from running at once. LiteLLM's delete rewrites
/// each team's <c>members_with_roles</c> by read-modify-write without a lock (contract §3.8), so two
/// concurrent deletes of members of one team can lose one removal and leave a deleted user on the
/// roster. Batches of unrelated teams still run in parallel.
/// </summary>
internal sealed class TeamLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Waits for every team of a batch (in a fixed order, so two batches never deadlock).</summary>
    public async Task<IDisposable> AcquireAsync(IEnumerable<string> teamIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamIds);
        var ordered = teamIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var held = new List<SemaphoreSlim>(ordered.Count);
        try
        {
            foreach (var team in ordered)
            {
                var gate = _locks.GetOrAdd(team, static _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                held.Add(gate);
            }
        }
        catch
        {
            Release(held);
            throw;
        }

        return new Releaser(held);
    }

    private static void Release(List<SemaphoreSlim> held)
    {
        for (var i = held.Count - 1; i >= 0; i--)
        {
            held[i].Release();
        }

        held.Clear();
    }

    private sealed class Releaser(List<SemaphoreSlim> held) : IDisposable
    {
        public void Dispose() => Release(held);
    }
}
