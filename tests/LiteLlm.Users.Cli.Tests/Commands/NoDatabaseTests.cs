using System.Diagnostics;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// A proxy started without a database (fleet row 11; contract §1.2): every command stops at its first
/// answer, never retries it, changes nothing, and exits 3 with one line that says so.
/// </summary>
public class NoDatabaseTests
{
    public static TheoryData<string> Commands => ["delete", "add", "sync", "list", "restore", "doctor"];

    private static string[] Arguments(string command, string backup) => command switch
    {
        "delete" => ["delete", "--csv-file", "in.csv"],
        "add" => ["add", "--csv-file", "in.csv"],
        "sync" => ["sync", "--csv-file", "in.csv", "--allow-remove"],
        "list" => ["list"],
        // The backup comes from another sandbox: --yes restores it here without asking (PrivacyAndTargetTests).
        "restore" => ["restore", "--backup", backup, "--yes"],
        _ => ["doctor"],
    };

    /// <summary>A real backup of one user, taken by a delete against a proxy with a database.</summary>
    private static async Task<string> BackupAsync()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();
        var run = await h.RunAsync("delete", "--csv-file", "in.csv");
        run.ExitCode.ShouldBe(0, run.All);
        var copy = Path.Combine(Path.GetTempPath(), $"litellm-users-nodb-{Guid.NewGuid():N}.jsonl");
        File.Copy(Directory.GetFiles(h.Path("litellm-users-backups"), "*.jsonl").Single(), copy);
        return copy;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task EndsInExitThreeAtTheFirstAnswerWithOneLineThatSaysSo(string command)
    {
        // Arrange: /key/info, asked alongside the first read, hangs until the client gives up (--timeout 30):
        // a run that waited for it would take 30 s or more, one that stops at the first answer a fraction of one.
        var backup = command == "restore" ? await BackupAsync() : string.Empty;
        await using var h = await CliHarness.StartAsync(o => o.NoDatabase = true);
        h.Sandbox.Faults.Add(new LiteLlm.Sandbox.FaultRule { PathPrefix = "/key/info", Kind = LiteLlm.Sandbox.FaultKind.Stall });
        h.WriteFile("in.csv", "email\na@example.com\n");

        // Act
        var clock = Stopwatch.StartNew();
        var run = await h.RunAsync([.. Arguments(command, backup), "--timeout", "30"]);
        clock.Stop();
        if (backup.Length > 0)
        {
            File.Delete(backup);
        }

        // Assert: exit 3 and one line naming the cause; the answer that said so was not asked again; nothing changed.
        run.ExitCode.ShouldBe(3, run.All);
        run.Err.Split('\n').Where(l => l.Contains("no database", StringComparison.OrdinalIgnoreCase)).ShouldHaveSingleItem().ShouldStartWith("ERROR: The proxy has no database");
        var first = command == "doctor" ? "/health/readiness" : "/user/list";
        h.Sandbox.Journal.Entries.Count(e => e.Path == first).ShouldBe(1);
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        TestContext.Current.TestOutputHelper?.WriteLine($"{command}: exit {run.ExitCode} after {clock.Elapsed.TotalMilliseconds:0} ms, {h.Sandbox.Journal.Entries.Count} requests");
    }
}
