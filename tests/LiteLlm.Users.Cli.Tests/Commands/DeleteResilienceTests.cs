using LiteLlm.Testing;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Strategies, faults and interruptions: the outcome never depends on them.</summary>
public abstract class DeleteResilienceTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : DeleteResilienceTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : DeleteResilienceTests("current");

    private const int Users = 600;
    private const int Rows = 300;

    private static async Task<(CliResult Run, byte[] Result, byte[] Errors, int Faults)> RunScenarioAsync(Action<CliHarness>? arrange, params string[] extra)
    {
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", Scenario.Seed(h.Store, Users, Rows));
        arrange?.Invoke(h);
        var run = await h.RunAsync(["delete", "--csv-file", "in.csv", "--max-delete", "100%", .. extra]);
        AssertOnlyListedUsersTouched(h);
        return (run, File.ReadAllBytes(h.Path("user_del_result.csv")), File.ReadAllBytes(h.Path("user_del_error.csv")), h.Sandbox.Faults.InjectedCount);
    }

    private static void AssertOnlyListedUsersTouched(CliHarness h)
    {
        var deleted = h.Store.Deletions.Select(d => d.UserId).ToList();
        deleted.ShouldBeUnique();
        deleted.ShouldAllBe(id => !id.StartsWith("twin-", StringComparison.Ordinal));
        deleted.Select(id => int.Parse(id.AsSpan("user-".Length), System.Globalization.CultureInfo.InvariantCulture)).ShouldAllBe(n => n < Rows);
    }

    [Fact]
    public async Task BothResolutionStrategiesGiveTheSameResult()
    {
        var lookup = await RunScenarioAsync(null, "--strategy", "lookup");
        var snapshot = await RunScenarioAsync(null, "--strategy", "snapshot");

        lookup.Run.ExitCode.ShouldBe(2, lookup.Run.All);
        snapshot.Run.ExitCode.ShouldBe(2, snapshot.Run.All);
        snapshot.Result.ShouldBe(lookup.Result);
        snapshot.Errors.ShouldBe(lookup.Errors);
    }

    [Fact]
    public async Task LegacyAndBulkDeleteRoutesGiveTheSameResult()
    {
        var legacy = await RunScenarioAsync(null, "--delete-endpoint", "legacy");
        await using var h = await CliHarness.StartAsync(o => o.EnableManagementV1 = true);
        h.WriteFile("in.csv", Scenario.Seed(h.Store, Users, Rows));

        var bulk = await h.RunAsync("delete", "--csv-file", "in.csv", "--max-delete", "100%", "--debug");

        bulk.ExitCode.ShouldBe(2, bulk.All);
        h.Sandbox.Journal.Entries.ShouldContain(e => e.Method == "POST" && e.Path == "/management/v1/users/bulk_delete");
        h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Method == "POST" && e.Path == "/user/delete");
        File.ReadAllBytes(h.Path("user_del_result.csv")).ShouldBe(legacy.Result);
        File.ReadAllBytes(h.Path("user_del_error.csv")).ShouldBe(legacy.Errors);
    }

    [Fact]
    public async Task FaultsChangeNothingInTheOutcome()
    {
        var clean = await RunScenarioAsync(null, "--batch-size", "10");

        var faulty = await RunScenarioAsync(
            h =>
            {
                h.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = 503, RetryAfterSeconds = 0, Probability = 0.10 });
                h.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = 500, Body = "Internal Server Error", Probability = 0.05 });
                h.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Probability = 0.02 });
                h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = DeletePath, Kind = FaultKind.DropAfterCommit, Probability = 0.2 });
            },
            "--batch-size", "10",
            "--retries", "10");

        faulty.Faults.ShouldBeGreaterThan(10);
        faulty.Run.ExitCode.ShouldBe(clean.Run.ExitCode, faulty.Run.All);
        faulty.Result.ShouldBe(clean.Result);
        faulty.Errors.ShouldBe(clean.Errors);
    }

    [Fact]
    public async Task CtrlCStopsWithExit130AndTheSameCommandResumes()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        h.Store.AddUser("c@example.com", "u-c");
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Stall, Times = 1 });
        string[] command = ["delete", "--csv-file", "in.csv", "--batch-size", "1", "--concurrency", "1", "--delete-endpoint", "legacy"];
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();

        // Act 1: Ctrl+C while the first delete hangs, then the grace period runs out.
        var running = h.RunAsync(h.Environment(), stop.Token, abort.Token, command);
        await WaitUntilAsync(() => h.Sandbox.Faults.InjectedCount == 1);
        await stop.CancelAsync();
        await abort.CancelAsync();
        var cancelled = await running;

        cancelled.ExitCode.ShouldBe(130, cancelled.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\n");
        h.Read("user_del_error.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ShouldAllBe(line => line.EndsWith("Not processed: the run was cancelled; rerun the same command to resume", StringComparison.Ordinal));
        h.Exists("user_del_result.journal.jsonl").ShouldBeTrue();

        // Act 2: the same command again.
        var resumed = await h.RunAsync(command);

        resumed.ExitCode.ShouldBe(0, resumed.All);
        resumed.Err.ShouldContain("Resuming the interrupted run");
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nb@example.com,u-b,Deleted\r\nc@example.com,u-c,Deleted\r\n");
        h.Read("user_del_error.csv").ShouldBe("email,user_id,error_reason\r\n");
        h.Exists("user_del_result.journal.jsonl").ShouldBeFalse();
        h.Store.UserCount.ShouldBe(0);
        h.Store.Deletions.Select(d => d.UserId).ShouldBeUnique();

        // Every change that happened is in the audit log exactly once, the one the abandoned
        // request made (recorded when the rerun found it settled) included.
        Audit.DeletedIds(h).ShouldBe(["u-a", "u-b", "u-c"], ignoreOrder: true);
    }

    [Fact]
    public async Task AJournalOfAnotherCsvIsNeverApplied()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.WriteFile("user_del_result.journal.jsonl",
            "{\"type\":\"run\",\"command\":\"delete\",\"base_url\":\"http://elsewhere:4000\",\"input_sha256\":\"00\",\"started_at\":\"2026-01-01T00:00:00Z\"}\n" +
            "{\"type\":\"row\",\"line\":2,\"file\":\"result\",\"values\":[\"a@example.com\",\"u-a\",\"Deleted\"]}\n");
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(0, run.All);
        run.Err.ShouldContain("it is not applied");
        h.Store.FindUser("u-a").ShouldBeNull(); // really deleted, not taken from the foreign journal
        h.Exists("user_del_result.journal.jsonl.stale").ShouldBeTrue();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for an event the test caused; the bound only keeps a broken build from hanging.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}

/// <summary>Retries and limits, one mechanism at a time.</summary>
public abstract class DeleteRetryTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : DeleteRetryTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : DeleteRetryTests("current");

    [Fact]
    public async Task ADeleteWhoseAnswerWasLostIsReportedDeletedNotFailed()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.DropAfterCommit, Times = 1 });
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--delete-endpoint", "legacy", "--debug");

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\n");
        h.Store.Deletions.Select(d => d.UserId).ShouldBe(["u-a"]);
        h.Sandbox.Journal.Entries.Count(e => e.Method == "POST").ShouldBe(1); // re-checked, not re-sent
    }

    [Fact]
    public async Task ADeleteThatTimesOutIsReCheckedThenRetried()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Stall, Times = 1 });
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--delete-endpoint", "legacy", "--timeout", "1");

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\n");
        h.Sandbox.Journal.Entries.Count(e => e.Method == "POST").ShouldBe(2);
        run.Out.ShouldContain("1 retries");
    }

    [Fact]
    public async Task A429WithRetryAfterIsRetriedAndCounted()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = 0, Times = 2 });
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("2 retries, 2 x 429");
        h.Store.UserCount.ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrencyIsBoundedAcrossLookupsAndDeletes()
    {
        await using var h = await CliHarness.StartAsync(o => o.BaseLatencyMs = 5);
        h.WriteFile("in.csv", Scenario.Seed(h.Store, 200, 120));

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--concurrency", "3", "--strategy", "lookup", "--batch-size", "5", "--max-delete", "100%");

        run.ExitCode.ShouldBe(2, run.All);
        h.Sandbox.PeakConcurrentRequests.ShouldBeLessThanOrEqualTo(3);
        h.Sandbox.PeakConcurrentRequests.ShouldBeGreaterThan(1);
    }
}

/// <summary>Another actor deletes a user while our batch is on its way.</summary>
public abstract class DeleteRaceTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : DeleteRaceTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : DeleteRaceTests("current");

    [Theory]
    [InlineData("legacy")]
    [InlineData("bulkv1")]
    public async Task AUserDeletedBySomeoneElseDoesNotFailItsNeighbours(string endpoint)
    {
        await using var h = await CliHarness.StartAsync(o => o.EnableManagementV1 = true);
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        h.Store.AddUser("c@example.com", "u-c");
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");
        var gate = new TaskCompletionSource();
        var route = endpoint == "legacy" ? "/user/delete" : "/management/v1/users/bulk_delete";
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = route, Kind = FaultKind.Stall, Until = gate.Task, Times = 1 });

        // Act: our batch of three is held at the proxy's door; meanwhile someone else deletes b.
        var running = h.RunAsync("delete", "--csv-file", "in.csv", "--delete-endpoint", endpoint);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (h.Sandbox.Faults.InjectedCount == 0)
        {
            await Task.Delay(10, limit.Token);
        }

        using (var someoneElse = h.Sandbox.CreateClient(CliHarness.Key))
        {
            using var response = await someoneElse.PostAsync("/user/delete", new StringContent("""{"user_ids":["u-b"]}""", System.Text.Encoding.UTF8, "application/json"), limit.Token);
            response.EnsureSuccessStatusCode();
        }

        gate.SetResult();
        var run = await running;

        // Assert
        run.ExitCode.ShouldBe(2, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nc@example.com,u-c,Deleted\r\n");
        h.Read("user_del_error.csv").ShouldBe(
            "email,user_id,error_reason\r\nb@example.com,u-b,\"User not found in the system: it vanished during the run (deleted by someone else, not by this run)\"\r\n");
        h.Store.UserCount.ShouldBe(0);
        h.Store.Deletions.Select(d => d.UserId).ShouldBeUnique();
    }
}
