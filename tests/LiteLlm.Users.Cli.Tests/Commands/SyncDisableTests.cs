using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Issue 11, item 5: sync --remove-mode disable disables users the roster does not list, through every sync guard.</summary>
public class SyncDisableTests
{
    [Fact]
    public async Task UsersMissingFromTheRosterAreDisabledNotDeletedAndASecondRunChangesNothing()
    {
        // Arrange
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("stay@example.com", "u-stay");
        h.Store.AddUser("gone@example.com", "u-gone");
        h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
        var key = h.Store.CreateKey("u-gone");
        h.WriteFile("roster.csv", "email\nstay@example.com\n");

        // Act
        var dry = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--dry-run");
        var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable");
        var result = h.Read("user_sync_result.csv");
        h.Sandbox.Journal.Clear();
        var again = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable");

        // Assert
        dry.ExitCode.ShouldBe(0, dry.All);
        dry.Out.ShouldContain("not on the roster: gone@example.com (u-gone) -> DISABLED PLANNED (role internal_user)");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("Disabled: 1 user");
        run.Out.ShouldContain("Deleted: 0 users");
        result.ShouldContain("DISABLED,gone@example.com,u-gone,internal_user_viewer,,SUCCESS,\r\n");
        result.ShouldContain("DISABLED,boss@example.com,u-boss,proxy_admin,,PROTECTED,Protected: u-boss is a proxy_admin (use --include-admins to allow disabling admins)");
        h.Store.FindUser("u-gone")!.UserRole.ShouldBe("internal_user_viewer");
        h.Store.Keys.Where(k => k.UserId == "u-gone").ShouldAllBe(k => k.Blocked == true);
        h.Exists("litellm-users-backups").ShouldBeFalse();
        again.ExitCode.ShouldBe(0, again.All);
        h.Read("user_sync_result.csv").ShouldContain("DISABLED,gone@example.com,u-gone,internal_user_viewer,,SUCCESS,Disabled already\r\n");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();

        // The user comes back: enable, then the roster lists them again.
        h.WriteFile("back.csv", "email\ngone@example.com\n");
        (await h.RunAsync("enable", "--csv-file", "back.csv")).ExitCode.ShouldBe(0);
        h.Store.FindUser("u-gone")!.UserRole.ShouldBe("internal_user");
        h.Store.Keys.Where(k => k.UserId == "u-gone").ShouldAllBe(k => k.Blocked == false);
        h.Store.Keys.ShouldContain(k => k.Token == SandboxStore.HashToken(key));
    }

    [Fact]
    public async Task TheLimitAndTheQuestionSpeakOfDisablingAndAlreadyDisabledUsersDoNotCount()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddNumberedUsers(5);
        h.WriteFile("roster.csv", "email\nuser0@example.com\n");

        var refused = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--max-delete", "3");
        var asked = await h.RunInteractiveAsync("no\n", "sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable");

        refused.ExitCode.ShouldBe(1, refused.All);
        refused.Err.ShouldContain("Refused: this run would disable 4 users, more than the limit of 3.");
        asked.ExitCode.ShouldBe(1, asked.All);
        asked.Err.ShouldContain("About to disable 4 users");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();

        (await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable")).ExitCode.ShouldBe(0);
        var rerun = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--max-delete", "0");
        rerun.ExitCode.ShouldBe(0, rerun.All);
    }

    [Fact]
    public async Task ARosterRowOfADisabledUserIsNotUpdatedUntilItIsEnabled()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("ann@example.com", "u-ann");
        h.WriteFile("in.csv", "email\nann@example.com\n");
        (await h.RunAsync("disable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        h.WriteFile("roster.csv", "email,role\nann@example.com,internal_user\n");

        var run = await h.RunAsync("sync", "--csv-file", "roster.csv");

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_sync_result.csv").ShouldContain("UPDATED,ann@example.com,u-ann,internal_user_viewer,,SKIPPED,Not updated: disabled by litellm-users");
        h.Store.FindUser("u-ann")!.UserRole.ShouldBe("internal_user_viewer");
    }
}
