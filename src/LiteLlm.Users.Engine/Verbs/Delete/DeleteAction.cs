using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>What a delete run decided for a row (the plan file's <c>action</c>).</summary>
public enum DeleteAction
{
    /// <summary>The row's user(s) will be deleted.</summary>
    Delete,

    /// <summary>No user has this email.</summary>
    NotFound,

    /// <summary>Several users have this email and --all-matches is off.</summary>
    Ambiguous,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>A matched user is protected (admin, the key's owner, or listed in --protect).</summary>
    Protected,

    /// <summary>The value cannot be sent (too long, control characters), or a plan row does not hold together.</summary>
    Invalid,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,

    /// <summary>With --disabled-before: a matched user was not disabled by litellm-users long enough ago (or was enabled again).</summary>
    NotDisabled,
}
