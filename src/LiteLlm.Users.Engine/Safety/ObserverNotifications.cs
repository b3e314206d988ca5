using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

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
