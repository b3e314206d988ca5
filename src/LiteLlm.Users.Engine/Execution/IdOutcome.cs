namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one user id of a change.</summary>
internal enum IdFate
{
    /// <summary>Done by this run (or by this run's earlier, interrupted attempt).</summary>
    Done,

    /// <summary>Gone, but not by this run: someone else deleted it meanwhile.</summary>
    Vanished,

    /// <summary>Not done; see the reason.</summary>
    Failed,
}

/// <summary>The outcome for one user id, worded for the output files.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Fate">What happened.</param>
/// <param name="Reason">Why it was not done, in the manual's words and the server's.</param>
internal sealed record IdOutcome(string UserId, IdFate Fate, string? Reason);
