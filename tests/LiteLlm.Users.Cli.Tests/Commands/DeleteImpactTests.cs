using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>What goes with the users a delete removes (fleet rows 12 and 13), shown before anything is deleted.</summary>
public abstract class DeleteImpactTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile.</summary>
    public sealed class Legacy() : DeleteImpactTests("legacy");

    /// <summary>Against the current profile.</summary>
    public sealed class Current() : DeleteImpactTests("current");

    /// <summary>Ann: 3 keys, two teams, $12.50 spent, SSO-managed. Bob: no key, no team, no SSO. Cat: 2 keys, SSO.</summary>
    private static async Task<CliHarness> StartAsync()
    {
        var h = await CliHarness.StartAsync();
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-ann", UserEmail = "ann@example.com", Spend = 12.5, SsoUserId = "sso-ann", KeyCount = 3, Teams = ["team-ops", "team-dev"] });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-bob", UserEmail = "bob@example.com", KeyCount = 0 });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-cat", UserEmail = "cat@example.com", SsoUserId = "sso-cat", KeyCount = 2 });
        h.WriteFile("in.csv", "email\nann@example.com\nbob@example.com\ncat@example.com\n");
        return h;
    }

    [Fact]
    public async Task ThePlanRecordsKeysTeamsSpendAndSsoOfEveryMatchedUser()
    {
        await using var h = await StartAsync();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json");

        run.ExitCode.ShouldBe(0, run.All);
        var users = JsonDocument.Parse(h.Read("plan.json")).RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("users").EnumerateArray().Single()).ToDictionary(u => u.GetProperty("user_id").GetString()!);
        var ann = users["u-ann"];
        ann.GetProperty("key_count").GetInt32().ShouldBe(3);
        ann.GetProperty("teams").EnumerateArray().Select(t => t.GetString()).ShouldBe(["team-ops", "team-dev"], ignoreOrder: true);
        ann.GetProperty("spend").GetDouble().ShouldBe(12.5);
        ann.GetProperty("sso_user_id").GetString().ShouldBe("sso-ann");
        var bob = users["u-bob"];
        bob.GetProperty("key_count").GetInt32().ShouldBe(0);
        bob.GetProperty("teams").GetArrayLength().ShouldBe(0);
        bob.GetProperty("sso_user_id").ValueKind.ShouldBe(JsonValueKind.Null); // written, as null
    }

    [Fact]
    public async Task TheDryRunShowsThemPerRowAndSumsThemUpWithoutARequestPerUser()
    {
        await using var h = await StartAsync();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("line 2: ann@example.com -> would delete user_id u-ann (internal_user; 3 keys; teams ");
        run.Out.ShouldContain("; spend $12.50; SSO sso-ann)");
        run.Out.ShouldContain("line 3: bob@example.com -> would delete user_id u-bob (internal_user; 0 keys; no team; spend $0.00)");
        run.Out.ShouldContain("This also deletes 5 keys. 2 users are SSO-managed and may be re-created at their next login.");

        // Taken from the listing: no /user/info, no key listing, nothing per user.
        h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Path == "/user/info" || e.Path == "/key/list");
        h.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list").ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task TheConfirmationRepeatsTheKeyCount()
    {
        await using var h = await StartAsync();

        var run = await h.RunInteractiveAsync("no\n", "delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain($"About to delete 3 users (from 3 rows) and their 5 keys on {h.Sandbox.BaseAddress.AbsoluteUri}");
        h.Store.UserCount.ShouldBe(3);
    }
}
