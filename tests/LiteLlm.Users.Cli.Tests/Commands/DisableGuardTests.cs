using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Issue 11, item 1: disable goes through delete's guards, and an interrupted disable is finished by a rerun.</summary>
public class DisableGuardTests
{
    [Fact]
    public async Task ProtectedUsersAdminsTheKeysOwnerAndTheProtectFileAreNeverDisabled()
    {
        // Arrange
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
        var myKey = h.Store.AddUserWithKey("u-me", "proxy_admin", "me@example.com");
        h.Store.AddUser("vip@example.com", "u-vip");
        h.Store.AddUser("dev@example.com", "u-dev");
        h.WriteFile("protect.txt", "vip@example.com\n");
        h.WriteFile("in.csv", "email\nboss@example.com\nvip@example.com\ndev@example.com\n");
        h.WriteFile("me.csv", "email\nme@example.com\n");

        // Act
        var run = await h.RunAsync("disable", "--csv-file", "in.csv", "--protect", "protect.txt");
        var errors = h.Read("user_disable_error.csv");
        var result = h.Read("user_disable_result.csv");
        var mine = await h.RunAsync(h.Environment(key: myKey), CancellationToken.None, CancellationToken.None, "disable", "--csv-file", "me.csv", "--include-admins");

        // Assert
        run.ExitCode.ShouldBe(2, run.All);
        errors.ShouldContain("boss@example.com,,Protected: u-boss is a proxy_admin (use --include-admins to allow disabling admins)");
        errors.ShouldContain("vip@example.com,,Protected: u-vip matches 'vip@example.com' in ");
        result.ShouldBe("email,user_id,status\r\ndev@example.com,u-dev,Disabled\r\n");
        mine.ExitCode.ShouldBe(2, mine.All);
        h.Read("user_disable_error.csv").ShouldContain("me@example.com,,Protected: u-me owns the key this run uses");
        h.Store.FindUser("u-boss")!.UserRole.ShouldBe("proxy_admin");
        h.Store.FindUser("u-me")!.UserRole.ShouldBe("proxy_admin");
        h.Store.FindUser("u-vip")!.Metadata.TryGetProperty("litellm_users_disabled", out _).ShouldBeFalse();
        h.Store.FindUser("u-dev")!.UserRole.ShouldBe("internal_user_viewer");
        mine.All.ShouldNotContain(myKey);
    }

    [Fact]
    public async Task TheLimitCountsUsersNotDisabledYetAndRefusesBeforeAnyChange()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddNumberedUsers(3);
        h.WriteFile("all.csv", "email\nuser0@example.com\nuser1@example.com\nuser2@example.com\n");
        h.WriteFile("two.csv", "email\nuser0@example.com\nuser1@example.com\n");

        var refused = await h.RunAsync("disable", "--csv-file", "all.csv", "--max-delete", "2");

        refused.ExitCode.ShouldBe(1, refused.All);
        refused.Err.ShouldContain("Refused: this run would disable 3 users, more than the limit of 2.");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();

        (await h.RunAsync("disable", "--csv-file", "two.csv")).ExitCode.ShouldBe(0);
        var third = await h.RunAsync("disable", "--csv-file", "all.csv", "--max-delete", "1");

        third.ExitCode.ShouldBe(0, third.All);
        h.Read("user_disable_result.csv").ShouldBe("email,user_id,status\r\nuser0@example.com,user-000000,Disabled (already)\r\nuser1@example.com,user-000001,Disabled (already)\r\nuser2@example.com,user-000002,Disabled\r\n");
    }

    [Fact]
    public async Task ATerminalAsksFirstSaysItCanBeUndoneAndNoChangesNothing()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();

        var run = await h.RunInteractiveAsync("no\n", "disable", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain("About to disable 1 user (from 1 row)");
        run.Err.ShouldContain("'litellm-users enable' undoes it.");
        h.Read("user_disable_error.csv").ShouldContain("a@example.com,u-a,Not confirmed: nothing was disabled");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnInterruptedDisableIsFinishedByARerunWithoutBlockingTwiceOrLosingTheRole()
    {
        // Arrange: two open keys; the second /key/block is held at the proxy's door, then the run is stopped.
        await using var h = await CliHarness.StartAsync();
        var (open1, open2, blockedBefore) = await DisableEnableTests.SeedAnnAsync(h);
        h.WriteFile("leavers.csv", "email\nann@example.com\n");
        var never = new TaskCompletionSource();
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/key/block", Kind = FaultKind.Stall, Until = never.Task, Skip = 1, Times = 1 });
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();

        // Act 1: Ctrl+C twice while the second block is in flight
        var running = h.RunAsync(h.Environment(), stop.Token, abort.Token, "disable", "--csv-file", "leavers.csv", "--changed-by", "alice");
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (h.Sandbox.Faults.InjectedCount == 0)
            {
                await Task.Delay(10, limit.Token);
            }
        }

        await stop.CancelAsync();
        await abort.CancelAsync();
        var first = await running;

        // Assert 1: half disabled — the record (with both keys and the role before) and the role went first
        first.ExitCode.ShouldBe(130, first.All);
        h.Read("user_disable_error.csv").ShouldContain("ann@example.com,u-ann,Not processed: the run was cancelled");
        h.Exists("user_disable_result.journal.jsonl").ShouldBeTrue();
        var ann = h.Store.FindUser("u-ann")!;
        ann.UserRole.ShouldBe("internal_user_viewer");
        ann.Metadata.GetProperty("litellm_users_disabled").GetProperty("role").GetString().ShouldBe("internal_user");
        ann.Metadata.GetProperty("litellm_users_disabled").GetProperty("blocked_keys").GetArrayLength().ShouldBe(2);
        new[] { DisableEnableTests.IsBlocked(h, open1), DisableEnableTests.IsBlocked(h, open2) }.Count(b => b).ShouldBe(1);

        // Act 2: the same command again (once the proxy has noticed the abandoned request, so its
        // journal entry cannot land among the rerun's)
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (!h.Sandbox.Journal.Entries.Any(e => e.Path == "/key/block" && e.Status == 0))
            {
                await Task.Delay(10, limit.Token);
            }
        }

        h.Sandbox.Faults.Clear();
        h.Sandbox.Journal.Clear();
        var rerun = await h.RunAsync("disable", "--csv-file", "leavers.csv", "--changed-by", "bob");

        // Assert 2: finished, one block for the one key left, the record untouched
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Err.ShouldContain("Resuming the interrupted run");
        h.Read("user_disable_result.csv").ShouldBe("email,user_id,status\r\nann@example.com,u-ann,Disabled\r\n");
        DisableEnableTests.IsBlocked(h, open1).ShouldBeTrue();
        DisableEnableTests.IsBlocked(h, open2).ShouldBeTrue();
        h.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe(["/key/block"]);
        var record = h.Store.FindUser("u-ann")!.Metadata.GetProperty("litellm_users_disabled");
        record.GetProperty("by").GetString().ShouldBe("alice");
        record.GetProperty("role").GetString().ShouldBe("internal_user");
        h.Exists("user_disable_result.journal.jsonl").ShouldBeFalse();

        // Act 3 / Assert 3: enable still restores the state before the first run
        h.WriteFile("returners.csv", "email\nann@example.com\n");
        (await h.RunAsync("enable", "--csv-file", "returners.csv")).ExitCode.ShouldBe(0);
        h.Store.FindUser("u-ann")!.UserRole.ShouldBe("internal_user");
        DisableEnableTests.IsBlocked(h, open1).ShouldBeFalse();
        DisableEnableTests.IsBlocked(h, open2).ShouldBeFalse();
        DisableEnableTests.IsBlocked(h, blockedBefore).ShouldBeTrue();
    }

    [Fact]
    public async Task AKeyCreatedAfterTheDisableIsBlockedAndRecordedByTheNextRun()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();
        (await h.RunAsync("disable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        var late = h.Store.CreateKey("u-a", "made-by-an-admin-later");

        var again = await h.RunAsync("disable", "--csv-file", "in.csv");

        again.ExitCode.ShouldBe(0, again.All);
        h.Read("user_disable_result.csv").ShouldContain("a@example.com,u-a,Disabled\r\n");
        DisableEnableTests.IsBlocked(h, late).ShouldBeTrue();
        var recorded = h.Store.FindUser("u-a")!.Metadata.GetProperty("litellm_users_disabled").GetProperty("blocked_keys").EnumerateArray().Select(k => k.GetString()).ToList();
        recorded.ShouldBe([.. h.Store.KeysOf("u-a").Select(k => k.Token)], ignoreOrder: true);
        recorded[^1].ShouldBe(SandboxStore.HashToken(late));
        (await h.RunAsync("enable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        DisableEnableTests.IsBlocked(h, late).ShouldBeFalse();
    }

    [Fact]
    public async Task EnableRestoresAnAdminRoleOnlyWithIncludeAdmins()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
        h.WriteFile("in.csv", "email\nboss@example.com\n");
        (await h.RunAsync("disable", "--csv-file", "in.csv", "--include-admins")).ExitCode.ShouldBe(0);
        h.Store.FindUser("u-boss")!.UserRole.ShouldBe("internal_user_viewer");

        var refused = await h.RunAsync("enable", "--csv-file", "in.csv");
        var errors = h.Read("user_enable_error.csv");
        var roleAfterRefusal = h.Store.FindUser("u-boss")!.UserRole;
        var allowed = await h.RunAsync("enable", "--csv-file", "in.csv", "--include-admins");

        refused.ExitCode.ShouldBe(2, refused.All);
        roleAfterRefusal.ShouldBe("internal_user_viewer");
        errors.ShouldContain("boss@example.com,u-boss,Protected: enabling u-boss would restore role proxy_admin (use --include-admins to allow it)");
        allowed.ExitCode.ShouldBe(0, allowed.All);
        h.Store.FindUser("u-boss")!.UserRole.ShouldBe("proxy_admin");
    }
}
