using LiteLlm.Admin;
using LiteLlm.Admin.Teams;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>What a team name or id in the input stands for.</summary>
/// <param name="Team">The team, when exactly one matches.</param>
/// <param name="Problem">Why none was chosen (unknown, or several teams share the name).</param>
internal sealed record TeamMatch(LiteLlmTeam? Team, string? Problem);
