using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>The outcome of a full read of the users.</summary>
/// <param name="Kept">The users the caller asked to keep.</param>
/// <param name="Total">How many users the server has.</param>
internal sealed record Snapshot(IReadOnlyList<LiteLlmUser> Kept, int Total);
