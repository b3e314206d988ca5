namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one create.</summary>
/// <param name="UserId">The user's id (chosen by the caller, so it is known before the request).</param>
/// <param name="Created">Whether the user exists now because of this run.</param>
/// <param name="Key">The new key's secret, when the server minted one and said so.</param>
/// <param name="Reason">Why it failed.</param>
internal sealed record CreateOutcome(string UserId, bool Created, string? Key, string? Reason);
