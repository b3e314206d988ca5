namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>How a sync row ended (the <c>status</c> column).</summary>
public enum SyncStatus
{
    /// <summary>Done (or, for <see cref="SyncAction.Unchanged"/>, nothing to do).</summary>
    Success,

    /// <summary>It went wrong, or the row could not be used; see <c>error_reason</c>.</summary>
    Failed,

    /// <summary>A removal the guards refused (admin, the key's owner, --protect); not an error.</summary>
    Protected,

    /// <summary>A change the mode does not allow; <c>error_reason</c> names the option. Not an error.</summary>
    Skipped,

    /// <summary>A dry run: it would happen (or, unchanged, already holds).</summary>
    Planned,
}
