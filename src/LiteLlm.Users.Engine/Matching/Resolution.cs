using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>Users found per email.</summary>
internal sealed class Resolution
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<LiteLlmUser>> _matches;

    /// <summary>Creates a resolution.</summary>
    public Resolution(IReadOnlyDictionary<string, IReadOnlyList<LiteLlmUser>> matches, ResolutionStrategy strategy)
    {
        _matches = matches;
        Strategy = strategy;
    }

    /// <summary>The strategy that produced it.</summary>
    public ResolutionStrategy Strategy { get; }

    /// <summary>The users whose email is the given address (by <see cref="EmailKey"/>), in user_id order.</summary>
    public IReadOnlyList<LiteLlmUser> For(string email) =>
        _matches.TryGetValue(EmailKey.Normalize(email), out var users) ? users : [];
}
