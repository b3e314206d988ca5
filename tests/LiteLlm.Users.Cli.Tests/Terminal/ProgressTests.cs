using LiteLlm.Admin;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Cli.Tests.Infrastructure;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Tests.Terminal;

/// <summary>The live status line and the counters behind it: never backwards, never wider than the terminal, never over a question.</summary>
public class ProgressTests
{
    [Fact]
    public async Task AReadThatIsRetriedCountsOnInsteadOfStartingAgainFromZero()
    {
        // Arrange: 250 users (3 pages); the first page request is held until a user is added, so the totals differ and the snapshot is read again.
        await using var h = await CliHarness.StartAsync();
        h.Store.AddNumberedUsers(250);
        var release = new TaskCompletionSource();
        h.Sandbox.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/user/list", Kind = FaultKind.Stall, Until = release.Task, Times = 1 });
        using var client = new LiteLlmAdminClient(h.Sandbox.BaseAddress, CliHarness.Key);
        var progress = new RunProgress();
        var directory = new UserDirectory(client, 4, null, progress);
        var stalled = Task.Run(async () =>
        {
            while (h.Sandbox.Faults.InjectedCount == 0)
            {
                await Task.Yield();
            }

            h.Store.AddUser("late@example.com", "u-late");
            release.SetResult();
        }, TestContext.Current.CancellationToken);

        // Act
        var snapshot = await directory.TrySnapshotAsync((_, _) => false, 250, TestContext.Current.CancellationToken);
        await stalled;

        // Assert: read twice (3 pages each); the phase grew to 6 and its count reached 6: it never went back to 0.
        snapshot.ShouldNotBeNull().Total.ShouldBe(251);
        h.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list").ShouldBe(6);
        progress.Phase.ShouldBe("Reading users");
        progress.StepTotal.ShouldBe(6);
        progress.StepDone.ShouldBe(6);
    }

    [Fact]
    public void ResumedRowsCountAsDoneButNotAsThisRunsWork()
    {
        var progress = new RunProgress { RowsTotal = 3 };

        progress.ResumedRow(success: true);
        progress.Row(success: false);

        progress.RowsDone.ShouldBe(2);
        progress.RowsResumed.ShouldBe(1);
        progress.Succeeded.ShouldBe(1);
        progress.Failed.ShouldBe(1);
    }

    [Fact]
    public void TheStatusLineNeverWrapsAndIsTakenDownForAQuestionUntilItIsAnswered()
    {
        // Arrange
        var tty = new TestTerminal(30);
        var screen = new TerminalScreen(tty, () => 30);

        // Act + Assert: a status longer than the terminal is cut to one row.
        screen.SetStatus("Deleting (1/9): rows 10/90, 10 deleted, 0 failed, 3.2 rows/s");
        tty.Render().Rows.ShouldBe(["Deleting (1/9): rows 10/90, …"]);

        // A line printed meanwhile replaces it, and the status comes back below.
        screen.Write(tty, "Backing up to '/a/very/long/path/that/wraps/the/terminal'\n");
        tty.Render().Lines.ShouldBe(["Backing up to '/a/very/long/path/that/wraps/the/terminal'", "Deleting (1/9): rows 10/90, …"]);

        // A question holds it down, even through a status update and a question that ends its line.
        using (screen.Hold())
        {
            screen.Write(tty, "About to delete 9 users on http://proxy/.\n");
            screen.SetStatus("Deleting (2/9): rows 20/90");
            screen.Write(tty, "Type 'yes': ");
            tty.Render().Lines.ShouldNotContain(l => l.StartsWith("Deleting", StringComparison.Ordinal));
            tty.Write("yes\n");
            screen.LineEnded();
        }

        tty.Render().Lines.ShouldBe([
            "Backing up to '/a/very/long/path/that/wraps/the/terminal'",
            "About to delete 9 users on http://proxy/.",
            "Type 'yes': yes",
            "Deleting (2/9): rows 20/90"]);

        // At the end nothing of it is left.
        screen.SetStatus(null);
        tty.Render().Lines.Last(l => l.Length > 0).ShouldBe("Type 'yes': yes");
        screen.StatusShown.ShouldBeFalse();
    }
}
