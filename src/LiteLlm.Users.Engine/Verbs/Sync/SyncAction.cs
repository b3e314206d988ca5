namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>What a sync row is about (the <c>action</c> column, sync_user.py's words).</summary>
public enum SyncAction
{
    /// <summary>No user has the roster's email: it is created.</summary>
    Added,

    /// <summary>The roster row differs from its user: the user is updated (never recreated).</summary>
    Updated,

    /// <summary>A user with an email the roster does not list: it is removed.</summary>
    Deleted,

    /// <summary>The user already is as the roster says.</summary>
    Unchanged,

    /// <summary>A user with an email the roster does not list, with <c>--remove-mode disable</c>: it is disabled (keys blocked, role internal_user_viewer, reversible with enable).</summary>
    Disabled,
}
