using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>
/// A test class whose sandboxes imitate one LiteLLM release: every <see cref="CliHarness.StartAsync"/> in
/// its tests starts the sandbox with <see cref="Profile"/> (a test's own <c>configure</c> can still
/// override single behaviours). The delete, add, sync and restore suites derive from it as abstract
/// classes with two nested subclasses, <c>Legacy</c> and <c>Current</c>, so each of their tests runs
/// against both ends of the fleet (<c>litellm-fleet.md</c>, <see cref="LiteLlm.Testing.SandboxProfiles.Ends"/>).
/// </summary>
/// <param name="profile"><c>legacy</c>, <c>current</c> or a release <c>x.y.z</c> (<see cref="SandboxProfile.Parse"/>).</param>
public abstract class ProfiledTests(string profile)
{
    /// <summary>The profile's name.</summary>
    public string Profile { get; } = profile;

    /// <summary>The profile.</summary>
    public SandboxProfile SandboxProfile { get; } = SandboxProfile.Parse(profile);

    /// <summary>Whether the profile has <paramref name="change"/> (else it behaves the older way).</summary>
    public bool Has(LiteLlmChange change) => SandboxProfile.Has(change);

    /// <summary>The route an <c>auto</c> delete takes on this profile: the v1 bulk route where it exists (fleet row 9).</summary>
    public string DeletePath => Has(LiteLlmChange.ManagementV1Routes) ? "/management/v1/users/bulk_delete" : "/user/delete";

    /// <summary>The route an <c>auto</c> create takes on this profile.</summary>
    public string CreatePath => Has(LiteLlmChange.ManagementV1Routes) ? "/management/v1/users/bulk" : "/user/new";

    /// <summary>The profile of the running test's class, or null outside a <see cref="ProfiledTests"/> class.</summary>
    public static SandboxProfile? OfRunningTest => TestContext.Current.TestClassInstance is ProfiledTests tests ? tests.SandboxProfile : null;
}
