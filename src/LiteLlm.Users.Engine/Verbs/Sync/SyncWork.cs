namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>What a row makes the run do.</summary>
internal enum SyncWork
{
    /// <summary>Nothing: the row's outcome is known from the plan.</summary>
    None,

    /// <summary>Create the user.</summary>
    Create,

    /// <summary>Update the user.</summary>
    Update,

    /// <summary>Remove the user.</summary>
    Remove,

    /// <summary>An interrupted run made this row's change but did not report it: it is recorded and reported now.</summary>
    Confirm,

    /// <summary>An interrupted run already reported this row; its outcome is replayed from the journal.</summary>
    AlreadyDone,
}
