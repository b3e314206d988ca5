using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// Hooks around every change any command makes, so safety mechanisms are written once: a backup
/// is taken before users are deleted, an audit line is written after each outcome.
/// </summary>
internal interface IChangeObserver
{
    /// <summary>Called once when a real run starts, with the run's id (kept across a resume) and whether it resumes an interrupted run.</summary>
    void BeginRun(string runId, bool resumed)
    {
    }

    /// <summary>Called before a request that changes <paramref name="users"/> is sent (after the journal intent). Throwing stops the change.</summary>
    ValueTask BeforeChangeAsync(ChangeKind kind, IReadOnlyList<LiteLlmUser> users, CancellationToken cancellationToken);

    /// <summary>Called once per user when the outcome of a change is known.</summary>
    void AfterChange(ChangeRecord record);
}
