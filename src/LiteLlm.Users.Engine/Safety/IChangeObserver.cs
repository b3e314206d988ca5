using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>What kind of change a run makes.</summary>
internal enum ChangeKind
{
    /// <summary>A user is deleted.</summary>
    Delete,

    /// <summary>A user is created.</summary>
    Create,

    /// <summary>A user's fields are updated.</summary>
    Update,

    /// <summary>A user joins a team.</summary>
    TeamAdd,

    /// <summary>A user leaves a team.</summary>
    TeamRemove,

    /// <summary>A deleted user is recreated from a backup.</summary>
    Restore,
}

/// <summary>The outcome of one change to one user.</summary>
/// <param name="Kind">What was done.</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Success">Whether it took effect.</param>
/// <param name="Outcome">The result word or error reason as written to the output files.</param>
internal sealed record ChangeRecord(ChangeKind Kind, string? UserId, string? Email, bool Success, string Outcome);

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

/// <summary>Tells every observer of a run, in order (the backup first): the one way jobs notify them.</summary>
internal static class ObserverNotifications
{
    /// <summary>Tells each observer that a real run starts.</summary>
    public static void BeginRun(this IReadOnlyList<IChangeObserver> observers, string runId, bool resumed)
    {
        ArgumentNullException.ThrowIfNull(observers);
        foreach (var observer in observers)
        {
            observer.BeginRun(runId, resumed);
        }
    }

    /// <summary>Tells each observer that a change of <paramref name="users"/> is about to be sent; any may stop it by throwing.</summary>
    public static async ValueTask BeforeAsync(this IReadOnlyList<IChangeObserver> observers, ChangeKind kind, IReadOnlyList<LiteLlmUser> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observers);
        foreach (var observer in observers)
        {
            await observer.BeforeChangeAsync(kind, users, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tells each observer the outcome of a change.</summary>
    public static void After(this IReadOnlyList<IChangeObserver> observers, ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(observers);
        foreach (var observer in observers)
        {
            observer.AfterChange(record);
        }
    }
}
