namespace LiteLlm.Users.Engine.Runs;

/// <summary>What a planner is given: the preflight's findings and what an interrupted run left.</summary>
/// <typeparam name="TRow">The command's output row.</typeparam>
/// <param name="Preflight">Access, the number of users, the key's owner and teams as asked.</param>
/// <param name="Resume">What an interrupted run of the same command, proxy and input left; null for a fresh run or a dry run.</param>
internal sealed record PlanInputs<TRow>(Preflight Preflight, JournalState<TRow>? Resume);
