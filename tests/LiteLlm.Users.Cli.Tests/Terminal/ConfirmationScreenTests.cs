using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Terminal;

/// <summary>
/// What a person sees on a terminal, replayed by a small VT parser (<see cref="VirtualTerminal"/>):
/// the question before a removal stays on screen while the tool waits, with the target URL; the
/// live status line never covers it and leaves nothing stale behind; long lines are whole.
/// </summary>
public class ConfirmationScreenTests
{
    private const int Width = 100;

    private static async Task<(int Code, TestTerminal Tty, TestTerminal.Keyboard Keys)> RunOnTerminalAsync(CliHarness h, int width, string[] answers, params string[] args)
    {
        var tty = new TestTerminal(width);
        var keys = tty.Type(answers);
        var env = new CliEnvironment
        {
            Variables = h.Environment(),
            WorkingDirectory = h.Directory,
            IsInteractive = true,
            IsOutputTerminal = true,
            Input = keys,
            TerminalWidth = () => width,
        };
        var code = await CliApp.RunAsync(args, tty, tty, env, TestContext.Current.CancellationToken);
        return (code, tty, keys);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("sync")]
    public async Task TheQuestionAndTheUrlStayOnScreenWhileTheToolWaitsAndNoProgressFrameIsLeft(string command)
    {
        // Arrange: one user to remove; for sync, a roster that does not list them.
        await using var h = await CliHarness.StartWithOneUserAsync();
        h.Store.AddUser("keep@example.com", "u-keep");
        h.WriteFile("roster.csv", "email\nkeep@example.com\n");
        string[] args = command == "delete"
            ? ["delete", "--csv-file", "in.csv"]
            : ["sync", "--csv-file", "roster.csv", "--allow-remove"];

        // Act
        var (code, tty, keys) = await RunOnTerminalAsync(h, Width, ["yes"], args);

        // Assert: the live status line was on screen before the question...
        code.ShouldBe(0, tty.Text);
        keys.ScreensWhileWaiting.Count.ShouldBe(1);
        keys.TextBeforeWaiting[0].ShouldContain("rows/s");

        // ...but while the tool waits, the screen shows the question and the URL, and no progress frame.
        var waiting = keys.ScreensWhileWaiting[0];
        var url = h.Sandbox.BaseAddress.AbsoluteUri;
        waiting.Lines.ShouldContain(r => r.Contains($"About to delete 1 user (from 1 row)", StringComparison.Ordinal) && r.Contains($" on {url}, which has 2 users. This cannot be undone.", StringComparison.Ordinal), waiting.Screen);
        waiting.Rows.Last(r => r.Length > 0).ShouldBe("Type 'yes' to delete it:");
        waiting.Lines.ShouldNotContain(r => r.Contains("rows/s", StringComparison.Ordinal) || r.Contains("[..", StringComparison.Ordinal));

        // The final screen keeps the question with its answer, and holds no stale status line.
        var final = tty.Render();
        final.Rows.ShouldContain("Type 'yes' to delete it: yes");
        final.Lines.ShouldContain(r => r.Contains(url, StringComparison.Ordinal) && r.StartsWith("About to delete", StringComparison.Ordinal));
        final.Lines.ShouldNotContain(r => r.Contains("rows/s", StringComparison.Ordinal) && !r.TrimStart().StartsWith("Requests:", StringComparison.Ordinal));
        h.Store.FindUser("u-a").ShouldBeNull();
        h.Store.FindUser("u-keep").ShouldNotBeNull();
    }

    [Fact]
    public async Task NoAtThePromptLeavesTheQuestionVisibleAndDeletesNothing()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();

        var (code, tty, _) = await RunOnTerminalAsync(h, Width, ["no"], "delete", "--csv-file", "in.csv");

        code.ShouldBe(1, tty.Text);
        var final = tty.Render();
        final.Rows.ShouldContain("Type 'yes' to delete it: no");
        final.Lines.ShouldNotContain(r => r.Contains("rows/s", StringComparison.Ordinal) && !r.TrimStart().StartsWith("Requests:", StringComparison.Ordinal));
        h.Store.FindUser("u-a").ShouldNotBeNull();
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ALongPathIsWrittenWholeEvenWhileTheStatusLineIsShown()
    {
        // Arrange: a narrow terminal and a backup folder whose path is longer than a row.
        await using var h = await CliHarness.StartWithOneUserAsync();
        var folder = "backups-" + new string('x', 60);

        // Act
        var (code, tty, _) = await RunOnTerminalAsync(h, 40, [], "delete", "--csv-file", "in.csv", "--yes", "--backup-dir", folder);

        // Assert: the line naming the backup holds the whole path once the terminal's wraps are joined back.
        code.ShouldBe(0, tty.Text);
        var final = tty.Render();
        var path = Path.Combine(h.Directory, folder);
        final.Lines.ShouldContain(l => l.StartsWith("Backing up each user before it is deleted to '" + path, StringComparison.Ordinal) && l.EndsWith("--base-url " + h.Sandbox.BaseAddress.AbsoluteUri + ").", StringComparison.Ordinal));
        final.Lines.ShouldContain(l => l.StartsWith("Backup of 1 user written to '" + path, StringComparison.Ordinal));
        final.Rows.ShouldAllBe(r => r.Length <= 40, final.Screen);
        final.Lines.ShouldNotContain(r => r.Contains("rows/s", StringComparison.Ordinal) && !r.TrimStart().StartsWith("Requests:", StringComparison.Ordinal), final.Screen);
    }
}
