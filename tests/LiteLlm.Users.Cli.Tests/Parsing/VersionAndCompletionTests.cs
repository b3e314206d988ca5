using System.Diagnostics;
using System.Reflection;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Parsing;

/// <summary>What a shipped binary says about itself, and the tab completion shells ask it for.</summary>
public class VersionAndCompletionTests
{
    [Fact]
    public async Task VersionNamesTheReleaseAndTheCommitTheBinaryWasBuiltFrom()
    {
        // Arrange: the CLI's own assembly (in-process, the test host would answer for itself).
        var cli = typeof(CliApp).Assembly;
        var informational = cli.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var version = cli.GetName().Version!;

        // Act: the real executable, as a user runs it.
        var (exitCode, output) = await RunCliAsync("--version");

        // Assert
        exitCode.ShouldBe(0);
        output.TrimEnd().ShouldBe(informational);
        var release = $"{version.Major}.{version.Minor}.{version.Build}";
        if (InsideAGitCheckout())
        {
            output.TrimEnd().ShouldMatch($"^{release.Replace(".", "\\.", StringComparison.Ordinal)}\\+[0-9a-f]{{40}}$");
        }
        else
        {
            output.ShouldStartWith(release);
        }
    }

    [Fact]
    public async Task TheSuggestDirectiveOffersTheOptionsOfDelete()
    {
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync("[suggest:9]", "delete --");

        run.ExitCode.ShouldBe(0, run.Err);
        var offered = Lines(run.Out);
        offered.ShouldContain("--csv-file");
        offered.ShouldContain("--dry-run");
        offered.ShouldContain("--sandbox");
        offered.ShouldNotContain("--update-existing"); // add's, not delete's
        offered.ShouldAllBe(o => o.StartsWith("--", StringComparison.Ordinal));
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
        System.IO.Directory.GetFiles(h.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task ThePositionAndTheExecutableNameAreUnderstoodAsShellsSendThem()
    {
        await using var h = await CliHarness.StartAsync();
        const string line = "litellm-users delete --dr";

        var option = await h.RunAsync($"[suggest:{line.Length}]", line);
        var command = await h.RunAsync("[suggest:16]", "litellm-users de");

        Lines(option.Out).ShouldBe(["--dry-run"]);
        Lines(command.Out).ShouldBe(["delete"]);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool InsideAGitCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "litellm-users.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        (await error).ShouldBeEmpty();
        return (process.ExitCode, await output);
    }
}
