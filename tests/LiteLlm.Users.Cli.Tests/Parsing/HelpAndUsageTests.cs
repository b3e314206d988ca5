using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Parsing;

/// <summary>Parsing and help, no server needed beyond the harness's idle sandbox.</summary>
public class HelpAndUsageTests
{
    [Fact]
    public async Task DeleteHelpExplainsOptionsAndExitCodesWithoutShowingTheKey()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync("delete", "--help");

        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("--csv-file");
        run.Out.ShouldContain("--dry-run");
        run.Out.ShouldContain("Exit codes: 0 all rows done; 1 usage or input error");
        run.All.ShouldNotContain(CliHarness.Key);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnknownOptionIsAUsageErrorAndSendsNothing()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync("delete", "--csv-fil", "x.csv", "--master-key", "sk-typed-on-the-command-line");

        run.ExitCode.ShouldBe(1);
        run.Err.ShouldContain("--csv-fil");
        run.All.ShouldNotContain("sk-typed-on-the-command-line");
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ABadBaseUrlIsAUsageError()
    {
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--base-url", "localhost:4000");

        run.ExitCode.ShouldBe(1);
        run.Err.ShouldContain("ERROR: --base-url 'localhost:4000' is not an http:// or https:// URL.");
    }

    [Theory]
    [InlineData("add", "--update-existing", "--create-keys")]
    [InlineData("list", "--email-like", "--format")]
    public async Task AddAndListHelpShowTheirOptionsButNeverTheKey(string command, string option, string other)
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(command, "--help");

        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain(option);
        run.Out.ShouldContain(other);
        run.Out.ShouldContain("Exit codes: 0 all rows done");
        run.All.ShouldNotContain(CliHarness.Key);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("add", "--user-role", "proxy_owner")]
    [InlineData("add", "--batch-size", "501")]
    [InlineData("list", "--format", "xml")]
    [InlineData("list", "--sort", "password")]
    public async Task ABadOptionValueIsAUsageErrorAndSendsNothing(string command, string option, string value)
    {
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("user_addlist.csv", "email\na@example.com\n");

        var run = await h.RunAsync(command, option, value);

        run.ExitCode.ShouldBe(1, run.All);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }
}
