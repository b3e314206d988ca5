using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>No output path can destroy data: two options naming one file (one of them written) are refused before anything is sent.</summary>
public class OutputPathTests
{
    private static async Task<CliHarness> ArrangeAsync()
    {
        var h = await CliHarness.StartWithOneUserAsync();
        h.WriteFile("roster.csv", "email\na@example.com\n");
        h.WriteFile("backup.jsonl", "{}\n");
        h.WriteFile("plan.json", "{}\n");
        h.WriteFile("key.txt", CliHarness.Key + "\n");
        return h;
    }

    private static void AssertRefusedBeforeAnything(CliHarness h, CliResult run, Dictionary<string, string> before, params string[] names)
    {
        run.ExitCode.ShouldBe(1, run.All);
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, run.Err);
        lines[0].ShouldStartWith("ERROR: ");
        lines[0].ShouldContain("are the same file");
        foreach (var name in names)
        {
            lines[0].ShouldContain(name);
        }

        run.Out.ShouldBeEmpty();
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
        h.Store.FindUser("u-a").ShouldNotBeNull();
        foreach (var (file, text) in before)
        {
            h.Read(file).ShouldBe(text, $"{file} was changed");
        }
    }

    private static Dictionary<string, string> Snapshot(CliHarness h) =>
        Directory.GetFiles(h.Directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    [Theory]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--result-file", "in.csv" }, "--result-file", "--csv-file")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--result-file", "out.csv", "--error-file", "out.csv" }, "--error-file", "--result-file")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--error-file", "./sub/../in.csv" }, "--error-file", "--csv-file")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--summary-json", "litellm-users-audit.jsonl" }, "--summary-json", "--audit-log")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--audit-log", "key.txt", "--master-key-file", "key.txt" }, "--audit-log", "--master-key-file")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "in.csv" }, "--plan-out", "--csv-file")]
    [InlineData(new[] { "delete", "--plan", "plan.json", "--result-file", "plan.json" }, "--result-file", "--plan")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--result-file", "out.csv", "--summary-json", "out.journal.jsonl" }, "--summary-json", "the journal of --result-file")]
    [InlineData(new[] { "delete", "--csv-file", "in.csv", "--protect", "in.csv", "--error-file", "in.csv" }, "--error-file", "--csv-file")]
    [InlineData(new[] { "add", "--csv-file", "in.csv", "--create-keys", "--keys-file", "in.csv" }, "--keys-file", "--csv-file")]
    [InlineData(new[] { "add", "--csv-file", "in.csv", "--create-keys", "--keys-file", "user_reg_result.csv" }, "--keys-file", "--result-file")]
    [InlineData(new[] { "sync", "--csv-file", "roster.csv", "--result-file", "roster.csv" }, "--result-file", "--csv-file")]
    [InlineData(new[] { "sync", "--csv-file", "roster.csv", "--sandbox", "roster.csv", "--audit-log", "roster.csv" }, "--audit-log", "--csv-file")]
    [InlineData(new[] { "restore", "--backup", "backup.jsonl", "--result-file", "backup.jsonl" }, "--result-file", "--backup")]
    [InlineData(new[] { "restore", "--backup", "backup.jsonl", "--audit-log", "backup.jsonl" }, "--audit-log", "--backup")]
    [InlineData(new[] { "list", "--master-key-file", "key.txt", "-o", "key.txt" }, "--output", "--master-key-file")]
    public async Task TwoOptionsNamingOneFileAreRefusedBeforeAnythingIsReadOrSent(string[] args, string written, string other)
    {
        // Arrange
        await using var h = await ArrangeAsync();
        var before = Snapshot(h);

        // Act
        var run = await h.RunAsync(args);

        // Assert: exit 1, one line naming both options, nothing sent, every file as it was.
        AssertRefusedBeforeAnything(h, run, before, written, other);
    }

    [Fact]
    public async Task AnOutputThroughASymbolicLinkToTheInputIsRefused()
    {
        await using var h = await ArrangeAsync();
        Directory.CreateDirectory(h.Path("links"));
        File.CreateSymbolicLink(h.Path("links/result.csv"), h.Path("in.csv"));
        File.CreateSymbolicLink(h.Path("dir-link"), h.Path("links"));
        var before = Snapshot(h);

        var direct = await h.RunAsync("delete", "--csv-file", "in.csv", "--result-file", "links/result.csv");
        var throughFolderLink = await h.RunAsync("delete", "--csv-file", "dir-link/result.csv", "--error-file", "in.csv");

        AssertRefusedBeforeAnything(h, direct, before, "--result-file", "--csv-file");
        direct.Err.ShouldContain($"'{h.Path("links/result.csv")}' and '{h.Path("in.csv")}' are one file");
        AssertRefusedBeforeAnything(h, throughFolderLink, before, "--error-file", "--csv-file");
    }

    [Fact]
    public async Task AnOutputThatIsAHardLinkToTheInputIsRefusedByDeviceAndInode()
    {
        await using var h = await ArrangeAsync();
        var link = h.Path("hard.csv");
        var ln = System.Diagnostics.Process.Start("ln", [h.Path("in.csv"), link])!;
        await ln.WaitForExitAsync(TestContext.Current.CancellationToken);
        ln.ExitCode.ShouldBe(0);
        var before = Snapshot(h);

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--error-file", "hard.csv");

        AssertRefusedBeforeAnything(h, run, before, "--error-file", "--csv-file");
    }

    [Fact]
    public async Task AnOutputInsideTheBackupFolderIsRefused()
    {
        await using var h = await ArrangeAsync();
        Directory.CreateDirectory(h.Path("litellm-users-backups"));
        h.WriteFile("litellm-users-backups/litellm-users-backup-20250101T000000Z-delete.jsonl", "{\"a\":1}\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--result-file", "litellm-users-backups/litellm-users-backup-20250101T000000Z-delete.jsonl");

        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain("--result-file");
        run.Err.ShouldContain("is inside --backup-dir");
        h.Read("litellm-users-backups/litellm-users-backup-20250101T000000Z-delete.jsonl").ShouldBe("{\"a\":1}\n");
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ADryRunWritesNoResultFileSoItMayNameTheInputThere()
    {
        await using var h = await ArrangeAsync();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--result-file", "in.csv", "--dry-run");

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("in.csv").ShouldBe("email\na@example.com\n");
    }

    [Fact]
    public async Task DifferentFilesWithTheSameNameInOtherFoldersAreFine()
    {
        await using var h = await ArrangeAsync();
        Directory.CreateDirectory(h.Path("out"));

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--result-file", "out/in.csv", "--error-file", "out/errors.csv");

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("in.csv").ShouldBe("email\na@example.com\n");
        h.Read("out/in.csv").ShouldContain("a@example.com,u-a,Deleted");
    }
}
