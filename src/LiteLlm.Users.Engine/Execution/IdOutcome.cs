namespace LiteLlm.Users.Engine.Execution;

/// <summary>The outcome for one user id, worded for the output files.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Fate">What happened.</param>
/// <param name="Reason">Why it was not done, in the manual's words and the server's.</param>
internal sealed record IdOutcome(string UserId, IdFate Fate, string? Reason);
