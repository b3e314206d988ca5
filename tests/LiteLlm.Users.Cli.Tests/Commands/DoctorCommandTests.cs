using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Commands.Doctor;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary><c>litellm-users doctor</c>: read-only checks of a proxy, the release's hazards, exit 0 or 3.</summary>
public class DoctorCommandTests
{
    private static JsonElement Json(CliResult run) => JsonDocument.Parse(run.Out).RootElement;

    private static string[] HazardIds(JsonElement report) => [.. report.GetProperty("hazards").EnumerateArray().Select(h => h.GetProperty("id").GetString()!)];

    [Fact]
    public async Task OnLegacyItReportsTheReleaseAndItsHazardsAndChangesNothing()
    {
        // Arrange
        await using var h = await CliHarness.StartAsync(profile: SandboxProfile.Legacy);
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");

        // Act
        var run = await h.RunAsync("doctor", "--format", "json");

        // Assert: the JSON document, every member there.
        run.ExitCode.ShouldBe(0, run.All);
        var report = Json(run);
        report.GetProperty("base_url").GetString().ShouldBe(h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/'));
        report.GetProperty("reachable").GetBoolean().ShouldBeTrue();
        report.GetProperty("round_trip_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        report.GetProperty("litellm_version").GetString().ShouldBe("1.74.0");
        report.GetProperty("database").GetString().ShouldBe("connected");
        report.GetProperty("caller").GetProperty("user_id").ValueKind.ShouldBe(JsonValueKind.Null);
        report.GetProperty("caller").GetProperty("role").GetString().ShouldBe("proxy_admin");
        report.GetProperty("users").GetInt32().ShouldBe(2);
        report.GetProperty("routes").GetProperty("/management/v1/users/bulk_delete").GetBoolean().ShouldBeFalse();
        report.GetProperty("routes").GetProperty("/management/v1/users/bulk").GetBoolean().ShouldBeFalse();
        report.GetProperty("usable").GetBoolean().ShouldBeTrue();
        report.GetProperty("problem").ValueKind.ShouldBe(JsonValueKind.Null);
        HazardIds(report).ShouldBe([
            "delete-fails-on-invitation-links", "deleted-users-stay-on-team-rosters", "user-info-answers-200-for-unknown-users",
            "duplicate-email-is-400", "duplicate-user-id-mints-another-key", "invitation-needs-an-admin-ui-user", "no-v1-bulk-routes",
            "user-list-paging-is-unstable", "delete-takes-keys-silently", "sso-users-come-back"]);
        foreach (var hazard in report.GetProperty("hazards").EnumerateArray())
        {
            hazard.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace();
            hazard.GetProperty("mitigation").GetString().ShouldNotBeNullOrWhiteSpace();
            hazard.GetProperty("source").GetString().ShouldNotBeNullOrWhiteSpace();
            hazard.GetProperty("possible").GetBoolean().ShouldBeFalse();
        }

        // Read-only, and a handful of requests.
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        h.Sandbox.Journal.Entries.ShouldAllBe(e => e.Method == "GET");
        h.Sandbox.Journal.Entries.Count.ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public async Task OnCurrentOnlyTheHazardsNoCodeFixesAreLeftAndTheV1RoutesArePresent()
    {
        await using var h = await CliHarness.StartAsync(profile: SandboxProfile.Current);

        var run = await h.RunAsync("doctor", "--format", "json");

        run.ExitCode.ShouldBe(0, run.All);
        var report = Json(run);
        report.GetProperty("litellm_version").GetString().ShouldBe("main");
        report.GetProperty("routes").GetProperty("/management/v1/users/bulk_delete").GetBoolean().ShouldBeTrue();
        HazardIds(report).ShouldBe(["invitation-needs-an-admin-ui-user", "user-list-paging-is-unstable", "delete-takes-keys-silently", "sso-users-come-back"]);
    }

    [Fact]
    public async Task TheTableNamesTheReleaseTheKeyAndWhatTheToolDoesAboutEachHazard()
    {
        await using var h = await CliHarness.StartAsync(profile: SandboxProfile.Release1771);
        var key = h.Store.AddUserWithKey("u-admin", "proxy_admin");

        var run = await h.RunAsync(h.Environment(key: key), CancellationToken.None, CancellationToken.None, "doctor");

        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("LiteLLM    1.77.1");
        run.Out.ShouldContain("Key        user u-admin (proxy_admin)");
        run.Out.ShouldContain("  - delete-fails-on-invitation-links (fleet row 1; fixed in 1.82.0; ");
        run.Out.ShouldContain("      This tool: delete isolates such users by halving the batch");
        run.Out.ShouldNotContain("deleted-users-stay-on-team-rosters"); // fixed in 1.75.0
        run.Out.ShouldContain("Usable: yes");
        run.All.ShouldNotContain(key);
    }

    [Fact]
    public async Task AProxyWithoutADatabaseIsNotUsable()
    {
        await using var h = await CliHarness.StartAsync(o => o.NoDatabase = true);

        var run = await h.RunAsync("doctor", "--format", "json");

        run.ExitCode.ShouldBe(3, run.All);
        var report = Json(run);
        report.GetProperty("database").GetString().ShouldBe("Not connected");
        report.GetProperty("usable").GetBoolean().ShouldBeFalse();
        report.GetProperty("problem").GetString()!.ShouldStartWith("The proxy has no database");
        HazardIds(report).ShouldContain("no-database");
        run.Err.ShouldStartWith("ERROR: The proxy has no database");
    }

    [Fact]
    public async Task AWrongKeyIsNotUsableAndNeverShown()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(h.Environment(key: "sk-wrong-key-123456"), CancellationToken.None, CancellationToken.None, "doctor");

        run.ExitCode.ShouldBe(3, run.All);
        run.Err.ShouldContain("ERROR: Unauthorized: HTTP 401");
        run.Out.ShouldContain("Usable: no");
        run.All.ShouldNotContain("sk-wrong-key-123456");
    }

    [Fact]
    public async Task AKeyOfAUserWhoIsNotAnAdminIsNotUsable()
    {
        await using var h = await CliHarness.StartAsync();
        var key = h.Store.AddUserWithKey("u-viewer", "proxy_admin_viewer");

        var run = await h.RunAsync(h.Environment(key: key), CancellationToken.None, CancellationToken.None, "doctor", "--format", "json");

        run.ExitCode.ShouldBe(3, run.All);
        var report = Json(run);
        report.GetProperty("caller").GetProperty("user_id").GetString().ShouldBe("u-viewer");
        report.GetProperty("caller").GetProperty("role").GetString().ShouldBe("proxy_admin_viewer");
        run.Err.ShouldContain("role proxy_admin_viewer: this tool needs the master key or a proxy_admin key");
    }

    [Fact]
    public async Task ABadFormatIsAUsageErrorAndSendsNothing()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync("doctor", "--format", "xml");

        run.ExitCode.ShouldBe(1, run.All);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnreachableProxyIsNotUsable()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(h.Environment(baseUrl: $"http://127.0.0.1:{CliHarness.ClosedPort()}"), CancellationToken.None, CancellationToken.None, "doctor", "--format", "json", "--retries", "0");

        run.ExitCode.ShouldBe(3, run.All);
        Json(run).GetProperty("reachable").GetBoolean().ShouldBeFalse();
        run.Err.ShouldContain("ERROR: Cannot reach the proxy at http://127.0.0.1:");
    }
}

/// <summary>The tool's fleet table (<see cref="FleetHazards"/>).</summary>
public class FleetHazardsTests
{
    [Theory]
    [InlineData("unknown")]
    [InlineData(null)]
    [InlineData("nightly-build")]
    public void AnUnknownVersionListsEveryHazardAsPossible(string? version)
    {
        var hazards = FleetHazards.For(version, databaseConnected: null);

        hazards.Select(h => h.Hazard.Id).ShouldBe(FleetHazards.All.Select(h => h.Id));
        hazards.ShouldAllBe(h => h.Possible);
    }

    [Theory]
    [InlineData("1.74.0", true)]
    [InlineData("v1.74.3-stable", true)]
    [InlineData("1.75.0", false)]
    [InlineData("1.83.10", false)]
    public void TheRosterHazardEndsWithTheReleaseThatFixedIt(string version, bool applies)
    {
        FleetHazards.For(version, databaseConnected: true).Any(h => h.Hazard.Id == "deleted-users-stay-on-team-rosters").ShouldBe(applies);
    }

    [Fact]
    public void TheNoDatabaseHazardIsListedOnlyWithoutADatabase()
    {
        FleetHazards.For("1.77.1", databaseConnected: true).ShouldNotContain(h => h.Hazard.Id == "no-database");
        FleetHazards.For("1.77.1", databaseConnected: false).ShouldContain(h => h.Hazard.Id == "no-database");
    }

    /// <summary>The tool's copy and the sandbox's (which imitates the releases) agree on every boundary they share.</summary>
    [Theory]
    [InlineData(LiteLlmChange.DeleteRemovesCreatedInvitations, 1)]
    [InlineData(LiteLlmChange.DeleteCleansTeamRosters, 2)]
    [InlineData(LiteLlmChange.UserInfoUnknownIs404, 3)]
    [InlineData(LiteLlmChange.DuplicateEmailIs409, 4)]
    [InlineData(LiteLlmChange.DuplicateUserIdIs409, 5)]
    [InlineData(LiteLlmChange.ManagementV1Routes, 9)]
    public void TheToolAndTheSandboxAgreeOnEachRelease(LiteLlmChange change, int fleetRow)
    {
        var (since, _) = SandboxProfile.ReleaseOf(change);

        FleetHazards.All.Single(h => h.FleetRow == fleetRow).FixedIn.ShouldBe(since?.ToString(3) ?? "main");
    }

    [Fact]
    public void EachRowHasAnIdASourceAndAMitigation()
    {
        FleetHazards.All.Select(h => h.Id).ShouldBeUnique();
        FleetHazards.All.ShouldAllBe(h => h.Source.Length > 0 && h.Mitigation.Length > 0 && h.Summary.Length > 0);
    }
}
