using System.Globalization;
using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Issue 11, items 3 and 4: list --disabled, and delete --disabled-before (the second step of the offboarding).</summary>
public class OffboardingSecondStepTests
{
    private static readonly DateTimeOffset LongAgo = new(2025, 1, 15, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A user carrying disable's record, as if disabled at <paramref name="at"/> (no timing: the ages are years or hours, the limit 30 days).</summary>
    private static void AddDisabled(SandboxStore store, string id, string email, DateTimeOffset at, int keys = 0)
    {
        var record = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["at"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["by"] = "alice",
            ["blocked_keys"] = Enumerable.Range(0, keys).Select(i => "hash" + i).ToArray(),
            ["role"] = "internal_user",
        });
        store.AddUser(new SandboxUserSeed
        {
            UserId = id,
            UserEmail = email,
            UserRole = "internal_user_viewer",
            Metadata = new Dictionary<string, object?> { ["dept"] = "ops", ["litellm_users_disabled"] = record },
            KeyCount = 0,
        });
    }

    private static async Task<CliHarness> StartWithLeaversAsync()
    {
        var h = await CliHarness.StartAsync();
        AddDisabled(h.Store, "u-old", "old@example.com", LongAgo, keys: 2);
        AddDisabled(h.Store, "u-recent", "recent@example.com", DateTimeOffset.UtcNow.AddHours(-5));
        h.Store.AddUser("active@example.com", "u-active");
        return h;
    }

    [Fact]
    public async Task ListDisabledShowsOnlyDisabledUsersWithWhenByWhomAndTheBlockedKeyCount()
    {
        await using var h = await StartWithLeaversAsync();

        var run = await h.RunAsync("list", "--disabled", "--format", "csv");

        run.ExitCode.ShouldBe(0, run.All);
        var lines = run.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("user_id,user_email,user_role,disabled_at,disabled_by,blocked_keys");
        lines[1].ShouldBe("u-old,old@example.com,internal_user_viewer,2025-01-15T09:30:00Z,alice,2");
        lines[2].ShouldStartWith("u-recent,recent@example.com,internal_user_viewer,");
        lines.Length.ShouldBe(3);
    }

    [Fact]
    public async Task DeleteDisabledBeforeWithoutACsvDeletesOnlyUsersDisabledLongEnoughAgoWithEveryGuard()
    {
        // Arrange
        await using var h = await StartWithLeaversAsync();

        // Act
        var dry = await h.RunAsync("delete", "--disabled-before", "30d", "--dry-run");
        var run = await h.RunAsync("delete", "--disabled-before", "30d", "--max-delete", "1");

        // Assert
        dry.ExitCode.ShouldBe(0, dry.All);
        dry.Out.ShouldContain("line 1: old@example.com -> would delete user_id u-old (internal_user_viewer");
        dry.Out.ShouldNotContain("u-recent");
        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\nold@example.com,u-old,Deleted\r\n");
        h.Store.FindUser("u-old").ShouldBeNull();
        h.Store.FindUser("u-recent").ShouldNotBeNull();
        h.Store.FindUser("u-active").ShouldNotBeNull();
        Directory.GetFiles(h.Path("litellm-users-backups")).ShouldHaveSingleItem();
        h.Read(Path.Combine("litellm-users-backups", Path.GetFileName(Directory.GetFiles(h.Path("litellm-users-backups"))[0]))).ShouldContain("\"user_id\":\"u-old\"");
    }

    [Fact]
    public async Task DeleteDisabledBeforeWithACsvDeletesOnlyUsersInBothAndReportsTheOthers()
    {
        await using var h = await StartWithLeaversAsync();
        AddDisabled(h.Store, "u-old2", "old2@example.com", LongAgo);
        h.WriteFile("in.csv", "email\nold@example.com\nrecent@example.com\nactive@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--disabled-before", "30d");

        run.ExitCode.ShouldBe(2, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\nold@example.com,u-old,Deleted\r\n");
        var errors = h.Read("user_del_error.csv");
        errors.ShouldContain("recent@example.com,,Not deleted: u-recent was disabled 5h ago by alice (less than --disabled-before 30d)");
        errors.ShouldContain("active@example.com,,Not deleted: u-active is not disabled by litellm-users (--disabled-before 30d)");
        h.Store.FindUser("u-old2").ShouldNotBeNull();
        h.Store.FindUser("u-recent").ShouldNotBeNull();
        h.Store.FindUser("u-active").ShouldNotBeNull();
    }

    [Fact]
    public async Task AUserEnabledAgainIsNeverSelectedEvenByAPlanMadeBefore()
    {
        // Arrange: a plan made while u-old was disabled; then u-old comes back.
        await using var h = await StartWithLeaversAsync();
        var plan = await h.RunAsync("delete", "--disabled-before", "30d", "--dry-run", "--plan-out", "plan.json");
        plan.ExitCode.ShouldBe(0, plan.All);
        h.WriteFile("back.csv", "email\nold@example.com\n");
        (await h.RunAsync("enable", "--csv-file", "back.csv")).ExitCode.ShouldBe(0);

        // Act
        var chosen = await h.RunAsync("delete", "--disabled-before", "30d", "--dry-run");
        var applied = await h.RunAsync("delete", "--plan", "plan.json");

        // Assert
        chosen.Out.ShouldNotContain("u-old");
        applied.ExitCode.ShouldBe(2, applied.All);
        h.Read("user_del_error.csv").ShouldContain("old@example.com,,Not deleted: u-old is not disabled by litellm-users (--disabled-before 30d)");
        h.Store.FindUser("u-old").ShouldNotBeNull();
        JsonDocument.Parse(h.Read("plan.json")).RootElement.GetProperty("disabled_before").GetString().ShouldBe("30.00:00:00");
    }

    [Fact]
    public async Task AnInterruptedSecondStepResumesWithTheUsersItChose()
    {
        await using var h = await CliHarness.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            AddDisabled(h.Store, "u-" + i, $"leaver{i}@example.com", LongAgo);
        }

        // The second delete is held at the proxy's door, then the run is stopped (Ctrl+C twice): one user deleted, two left.
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Stall, Until = new TaskCompletionSource().Task, Skip = 1, Times = 1 });
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var running = h.RunAsync(h.Environment(), stop.Token, abort.Token, "delete", "--disabled-before", "30d", "--batch-size", "1", "--concurrency", "1", "--delete-endpoint", "legacy");
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (h.Sandbox.Faults.InjectedCount == 0)
            {
                await Task.Delay(10, limit.Token);
            }
        }

        await stop.CancelAsync();
        await abort.CancelAsync();
        (await running).ExitCode.ShouldBe(130);
        h.Store.UserCount.ShouldBe(2);

        h.Sandbox.Faults.Clear();
        var rerun = await h.RunAsync("delete", "--disabled-before", "30d", "--batch-size", "1", "--delete-endpoint", "legacy");

        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Err.ShouldContain("(as the interrupted run chose them)");
        h.Store.UserCount.ShouldBe(0);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\nleaver0@example.com,u-0,Deleted\r\nleaver1@example.com,u-1,Deleted\r\nleaver2@example.com,u-2,Deleted\r\n");
    }
}
