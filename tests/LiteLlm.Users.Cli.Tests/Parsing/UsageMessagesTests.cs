using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Parsing;

/// <summary>Response files are off; a usage error is one line and where to look; the top-level help says the exit codes once.</summary>
public class UsageMessagesTests
{
    [Fact]
    public async Task ALeadingAtIsTextNeverAResponseFile()
    {
        // Arrange: a CSV whose name starts with '@', and a user the '@example.com' filter finds.
        await using var h = await CliHarness.StartWithOneUserAsync();
        h.Store.AddUser("b@elsewhere.org", "u-b");
        h.WriteFile("@leavers.csv", "email\na@example.com\n");

        // Act
        var list = await h.RunAsync("list", "--email-like", "@example.com", "--format", "csv");
        var delete = await h.RunAsync("delete", "--csv-file", "@leavers.csv", "--dry-run", "--changed-by", "@ops");

        // Assert
        list.ExitCode.ShouldBe(0, list.All);
        list.Out.ShouldContain("u-a,a@example.com");
        list.Out.ShouldNotContain("u-b");
        delete.ExitCode.ShouldBe(0, delete.All);
        delete.Out.ShouldContain("Found 1 email (1 unique) in '@leavers.csv'");
        delete.Out.ShouldContain("a@example.com -> would delete user_id u-a");
    }

    [Theory]
    [InlineData(new[] { "delete", "--csv-fil", "x.csv" }, "ERROR: Unrecognized command or argument '--csv-fil'. Did you mean '--csv-file'?", "litellm-users delete --help")]
    [InlineData(new[] { "list", "--format", "xml" }, "ERROR: Cannot parse argument 'xml' for option '--format'. Did you mean one of the following? Csv, Json, Jsonl, Table, Tsv", "litellm-users list --help")]
    [InlineData(new[] { "sync", "--add-only", "--remove-only" }, "ERROR: --add-only and --remove-only contradict each other: choose one.", "litellm-users sync --help")]
    [InlineData(new[] { "frobnicate" }, "ERROR: Unrecognized command or argument 'frobnicate'.", "litellm-users --help")]
    public async Task AUsageErrorIsOneLineAndWhereTheOptionsAreNotTheWholeHelp(string[] args, string error, string help)
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(args);

        run.ExitCode.ShouldBe(1);
        run.Out.ShouldBeEmpty();
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2, run.Err);
        lines[0].ShouldStartWith(error);
        lines[1].ShouldBe($"See '{help}' for the options.");
        run.All.ShouldNotContain("Options:");
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheTopLevelHelpShowsTheExitCodesOnceAndEachCommandsHelpShowsThem()
    {
        await using var h = await CliHarness.StartAsync();

        var top = await h.RunAsync("--help");
        var delete = await h.RunAsync("delete", "--help");
        var restore = await h.RunAsync("restore", "--help");

        top.ExitCode.ShouldBe(0);
        CountOf(top.Out, "Exit codes:").ShouldBe(1);
        top.Out.ShouldContain("  Delete every user listed by email in a CSV file");
        CountOf(delete.Out, "Exit codes:").ShouldBe(1);
        CountOf(restore.Out, "Exit codes:").ShouldBe(1);
        restore.Out.ShouldContain("--yes");
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
