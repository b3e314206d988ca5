namespace LiteLlm.Users.Engine.Execution;

/// <summary>How one user's disable or enable ended.</summary>
internal enum UserFate
{
    /// <summary>This run changed the user (or finished what an interrupted run began).</summary>
    Changed,

    /// <summary>Nothing was left to do: the user already was as asked.</summary>
    Unchanged,

    /// <summary>It failed, or the user could not be touched; see the reason.</summary>
    Failed,
}

/// <summary>What happened to one user.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Fate">How it ended.</param>
/// <param name="Reason">Why it failed (the steps before the failure took effect), or null.</param>
/// <param name="Keys">Keys this run blocked or unblocked for the user.</param>
internal sealed record UserOutcome(string UserId, UserFate Fate, string? Reason, int Keys = 0)
{
    /// <summary>A failure.</summary>
    public static UserOutcome Failed(string userId, string reason) => new(userId, UserFate.Failed, reason);

    /// <summary>The audit log's outcome words: "Disabled (2 keys blocked)".</summary>
    public static string Words(string done, int keys, string keyVerb) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{done} ({keys} {(keys == 1 ? "key" : "keys")} {keyVerb})");
}
