using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Small leaks and gaps: invitation links stay private; a backup goes back only where it came from unless the operator says so.</summary>
public class PrivacyAndTargetTests
{
    [Fact]
    public async Task AddsResultFileWithInvitationLinksIsOwnerOnlyEvenWhenItExistedBefore()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Arrange: a result file left world-readable by an earlier tool.
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("new.csv", "email\nnew@example.com\n");
        h.WriteFile("user_reg_result.csv", "old\n");
        File.SetUnixFileMode(h.Path("user_reg_result.csv"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // Act
        var run = await h.RunAsync("add", "--csv-file", "new.csv", "--invite");

        // Assert: the link is in the file, which only its owner can read.
        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_reg_result.csv").ShouldContain("new@example.com");
        h.Read("user_reg_result.csv").ShouldContain("invitation");
        File.GetUnixFileMode(h.Path("user_reg_result.csv")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>A backup taken from proxy <c>a</c> (u-a deleted there), written in <paramref name="b"/>'s folder.</summary>
    private static async Task<string> BackupFromAnotherProxyAsync(CliHarness a, CliHarness b)
    {
        b.WriteFile("in.csv", "email\na@example.com\n");
        var delete = await b.RunAsync(b.Environment(baseUrl: a.Sandbox.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv");
        delete.ExitCode.ShouldBe(0, delete.All);
        return Path.GetRelativePath(b.Directory, Directory.GetFiles(b.Path("litellm-users-backups")).Single());
    }

    [Fact]
    public async Task RestoringIntoAnotherProxyWithoutATerminalOrYesIsRefusedAndSendsNothing()
    {
        await using var a = await CliHarness.StartWithOneUserAsync();
        await using var b = await CliHarness.StartAsync();
        var backup = await BackupFromAnotherProxyAsync(a, b);

        var run = await b.RunAsync("restore", "--backup", backup);

        run.ExitCode.ShouldBe(1, run.All);
        var error = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        error.ShouldBe($"ERROR: The backup was taken from {a.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}, not from {b.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}, where this restore would go. Nothing was sent. Pass --yes to restore into {b.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')} anyway, or --base-url to restore where the users came from.");
        b.Sandbox.Journal.Entries.ShouldBeEmpty();
        b.Store.FindUser("u-a").ShouldBeNull();
    }

    [Fact]
    public async Task RestoringIntoAnotherProxyWithYesWarnsAndRestores()
    {
        await using var a = await CliHarness.StartWithOneUserAsync();
        await using var b = await CliHarness.StartAsync();
        var backup = await BackupFromAnotherProxyAsync(a, b);

        var run = await b.RunAsync("restore", "--backup", backup, "--yes");

        run.ExitCode.ShouldBe(0, run.All);
        run.Err.ShouldContain($"warning: the backup was taken from {a.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}; this restore goes to {b.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}.");
        b.Store.FindUser("u-a").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("yes", 0)]
    [InlineData("no", 1)]
    public async Task RestoringIntoAnotherProxyOnATerminalAsks(string answer, int exitCode)
    {
        await using var a = await CliHarness.StartWithOneUserAsync();
        await using var b = await CliHarness.StartAsync();
        var backup = await BackupFromAnotherProxyAsync(a, b);

        var run = await b.RunInteractiveAsync(answer, "restore", "--backup", backup);

        run.ExitCode.ShouldBe(exitCode, run.All);
        run.Err.ShouldContain($"The backup was taken from {a.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}; this restore would recreate its users on {b.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}, a different proxy.");
        run.Err.ShouldContain($"Type 'yes' to restore into {b.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}:");
        (b.Store.FindUser("u-a") is not null).ShouldBe(answer == "yes");
        if (answer == "no")
        {
            b.Sandbox.Journal.Mutations.ShouldBeEmpty();
            run.Err.ShouldContain("ERROR: Not confirmed: nothing was restored.");
        }
    }

    [Fact]
    public async Task RestoringIntoTheSameProxyAsksNothing()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();
        (await h.RunAsync("delete", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        var backup = Directory.GetFiles(h.Path("litellm-users-backups")).Single();

        var run = await h.RunAsync("restore", "--backup", backup);

        run.ExitCode.ShouldBe(0, run.All);
        run.Err.ShouldNotContain("warning");
        h.Store.FindUser("u-a").ShouldNotBeNull();
    }
}
