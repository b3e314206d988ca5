using LiteLlm.Sandbox;

namespace LiteLlm.Testing;

/// <summary>
/// Starting a sandbox that imitates a given LiteLLM release, so a suite can run the same test against the oldest
/// and the newest behaviour (<see cref="SandboxProfile"/>; fleet table in <c>litellm-fleet.md</c>).
/// </summary>
public static class SandboxProfiles
{
    /// <summary>The two ends every client-facing suite should pass against: <c>legacy</c> (a release before 2025-07)
    /// and <c>current</c> (newest main, with the <c>/management/v1</c> routes).</summary>
    public static IReadOnlyList<string> Ends { get; } = ["legacy", "current"];

    /// <summary><see cref="Ends"/> as xunit <c>MemberData</c> rows.</summary>
    public static IEnumerable<object[]> EndsData => Ends.Select(name => new object[] { name });

    /// <summary>Starts a sandbox on 127.0.0.1:0 with the profile <paramref name="profile"/> (<c>legacy</c>,
    /// <c>1.77.1</c>, <c>current</c> or <c>x.y.z</c>); <paramref name="configure"/> may set anything else.</summary>
    public static Task<SandboxServer> StartAsync(string profile, Action<SandboxOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return StartAsync(SandboxProfile.Parse(profile), configure, cancellationToken);
    }

    /// <summary>Starts a sandbox on 127.0.0.1:0 with <paramref name="profile"/>.</summary>
    public static Task<SandboxServer> StartAsync(SandboxProfile profile, Action<SandboxOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var options = new SandboxOptions { Profile = profile };
        configure?.Invoke(options);
        return SandboxServer.StartAsync(options, cancellationToken);
    }
}
