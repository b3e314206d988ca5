using LiteLlm.Users.Cli.Tests.Infrastructure;
using LiteLlm.Users.Cli.Tests.Readme;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// A rehearsal goes on across commands: after <c>delete --sandbox SEED</c> the tool prints the restore
/// command that works (<c>restore --backup FILE --sandbox SEED</c>, never one aimed at localhost:4000),
/// and running that printed command brings the users back in the same rehearsal.
/// </summary>
public class RehearsalTests
{
    [Fact]
    public async Task ThePrintedRestoreCommandOfARehearsalWorksAsPrinted()
    {
        // Arrange: the sample seed and CSV in a folder of their own; no LITELLM_BASE_URL at all.
        await using var h = await CliHarness.StartAsync();
        var samples = Path.Combine(ReadmeExamplesTests.RepositoryRoot(), "samples");
        File.Copy(Path.Combine(samples, "sandbox-users.json"), h.Path("seed.json"));
        File.Copy(Path.Combine(samples, "user_dellist.csv"), h.Path("leavers.csv"));
        var none = new Dictionary<string, string?>();

        // Act 1: the rehearsal of the delete.
        var delete = await h.RunAsync(none, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "leavers.csv", "--sandbox", "seed.json");

        // Assert 1: it names the backup and a restore command for the same rehearsal, both while backing up and at the end.
        delete.ExitCode.ShouldBe(2, delete.All);
        delete.All.ShouldNotContain("localhost:4000");
        var hint = delete.Out.Split('\n').Single(l => l.StartsWith("To undo: ", StringComparison.Ordinal))["To undo: ".Length..];
        hint.ShouldStartWith("litellm-users restore --backup ");
        hint.ShouldEndWith(" --sandbox seed.json");
        delete.Err.ShouldContain("(restore with: " + hint + ").");
        h.Exists("litellm-users-sandbox-state.json").ShouldBeTrue();

        // Act 2: run the printed command, as printed.
        var args = ReadmeExamplesTests.ShellWords(hint)[1..];
        var restore = await h.RunAsync(none, CancellationToken.None, CancellationToken.None, args);
        var listed = await h.RunAsync(none, CancellationToken.None, CancellationToken.None, "list", "--sandbox", "seed.json", "--format", "csv", "--columns", "user_id,user_email");

        // Assert 2: the three deleted users are back in the rehearsal, which went on from the saved state.
        restore.ExitCode.ShouldBe(0, restore.All);
        restore.Err.ShouldContain("Rehearsal: continuing from 'litellm-users-sandbox-state.json'");
        restore.Out.ShouldContain("Summary: 3 restored");
        restore.Err.ShouldNotContain("warning");
        listed.Out.ShouldContain("u-old,old_user@example.com");
        listed.Out.ShouldContain("inactive@company.com");
        listed.Out.ShouldContain("test_user@example.com");
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ARealRunsRestoreCommandNamesItsProxy()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(0, run.All);
        var backup = Directory.GetFiles(h.Path("litellm-users-backups")).Single();
        run.Out.ShouldContain($"To undo: litellm-users restore --backup {backup} --base-url {h.Sandbox.BaseAddress.AbsoluteUri}");
    }
}
