using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>kill -9 at several points of a 2,000-row run, then the same command again.</summary>
public abstract class DeleteKillTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : DeleteKillTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : DeleteKillTests("current");

    private const int Users = 2600;
    private const int Rows = 2000;

    private static readonly string[] Command = ["delete", "--csv-file", "in.csv", "--batch-size", "5", "--concurrency", "2", "--delete-endpoint", "legacy", "--max-delete", "100%"];

    [Fact]
    public async Task KilledRunsResumeToTheSameOutcomeAndNothingIsDeletedTwice()
    {
        // Reference: the same data, uninterrupted.
        byte[] expectedResult, expectedErrors;
        await using (var reference = await CliHarness.StartAsync())
        {
            reference.WriteFile("in.csv", Scenario.Seed(reference.Store, Users, Rows));
            var clean = await reference.RunAsync(Command);
            clean.ExitCode.ShouldBe(2, clean.All);
            expectedResult = File.ReadAllBytes(reference.Path("user_del_result.csv"));
            expectedErrors = File.ReadAllBytes(reference.Path("user_del_error.csv"));
        }

        // Slow deletes down (the sandbox's latency model), so kills land mid-run.
        await using var h = await CliHarness.StartAsync(o => o.BaseLatencyMs = 4);
        h.WriteFile("in.csv", Scenario.Seed(h.Store, Users, Rows));
        var kills = 0;
        foreach (var deletedBeforeKill in new[] { 1, 600, 1200 })
        {
            using var cli = CliProcess.Start(h, Command);
            await WaitUntilAsync(() => h.Store.Deletions.Count >= deletedBeforeKill || cli.HasExited);
            if (!cli.HasExited)
            {
                cli.KillHard();
                kills++;
                TestContext.Current.TestOutputHelper?.WriteLine($"killed after {h.Store.Deletions.Count} deletions");
            }

            await cli.WaitAsync();
        }

        var final = await h.RunAsync(Command);

        kills.ShouldBeGreaterThan(0);
        final.ExitCode.ShouldBe(2, final.All);
        File.ReadAllBytes(h.Path("user_del_result.csv")).ShouldBe(expectedResult);
        File.ReadAllBytes(h.Path("user_del_error.csv")).ShouldBe(expectedErrors);
        h.Store.Deletions.Select(d => d.UserId).ShouldBeUnique();
        h.Store.Deletions.ShouldAllBe(d => !d.UserId.StartsWith("twin-", StringComparison.Ordinal));
        h.Exists("user_del_result.journal.jsonl").ShouldBeFalse();

        // Every deletion is in the audit log exactly once, those settled on a resume included.
        var audited = Audit.DeletedIds(h);
        var deleted = h.Store.Deletions.Select(d => d.UserId).ToList();
        audited.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("audited twice");
        deleted.Except(audited).ShouldBeEmpty("deleted but not audited");
        audited.Except(deleted).ShouldBeEmpty("audited but not deleted");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
