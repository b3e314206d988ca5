namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>What an add run decided for a row.</summary>
public enum AddAction
{
    /// <summary>No user has the email: it will be created.</summary>
    Create,

    /// <summary>The user exists (and is left alone, or already matches the row).</summary>
    Exists,

    /// <summary>The user exists and --update-existing changes it.</summary>
    Update,

    /// <summary>The row cannot be sent: a bad value, an unknown team, an ambiguous email.</summary>
    Invalid,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>An interrupted run created this user (its id was journaled before the request).</summary>
    CreatedBefore,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}
