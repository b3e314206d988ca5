using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>How emails are turned into users.</summary>
public enum ResolutionStrategy
{
    /// <summary>Pick the cheaper of the two from the number of users on the server.</summary>
    Auto,

    /// <summary>One filtered <c>/user/list?user_email=</c> walk per email.</summary>
    Lookup,

    /// <summary>One read of every user, pages in parallel.</summary>
    Snapshot,
}
