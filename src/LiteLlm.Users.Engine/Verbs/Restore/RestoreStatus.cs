namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>What happened (or, in a dry run, would happen) to one user of the backup.</summary>
public enum RestoreStatus
{
    /// <summary>The user and all its team memberships are back.</summary>
    Restored,

    /// <summary>The user is back, but some team memberships are not.</summary>
    PartlyRestored,

    /// <summary>Not restored: a user with the same id or email exists (again), or the row repeats another.</summary>
    Refused,

    /// <summary>Not restored: the proxy refused or failed.</summary>
    Failed,

    /// <summary>Not reached: the run was cancelled or could not go on.</summary>
    NotProcessed,
}
