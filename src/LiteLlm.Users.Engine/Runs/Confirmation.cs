using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What the operator is asked to confirm before users are removed.</summary>
/// <param name="Action">What happens to them, as a verb ("delete", "disable").</param>
/// <param name="Users">Users that will be removed.</param>
/// <param name="Rows">Rows those users come from.</param>
/// <param name="BaseUrl">The proxy.</param>
/// <param name="ServerUsers">Users on the proxy.</param>
public sealed record Confirmation(string Action, int Users, int Rows, Uri BaseUrl, int ServerUsers)
{
    /// <summary>Keys that go with the users (LiteLLM deletes a user's keys with it), as the command counted them; null when it did not.</summary>
    public int? Keys { get; init; }
}
