using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>What a restore decided for a user of the backup.</summary>
internal enum RestoreAction
{
    /// <summary>The user will be recreated, then its team memberships.</summary>
    Restore,

    /// <summary>A user with the same id or email exists (again), or the entry repeats another: not restored.</summary>
    Refuse,

    /// <summary>An --only email that is not in the backup.</summary>
    NotInBackup,

    /// <summary>An interrupted run created this user (its id was journaled first); its team memberships are finished now.</summary>
    CreatedBefore,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}
