using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Messages tell the truth: the command's verb, one period, the right fix, honest counts and rates.</summary>
public class MessageTests
{
    [Fact]
    public async Task AddFailuresSayCreateNeverDeleteInRowsAndInTheFatalLine()
    {
        // Arrange: every create fails (row reasons); then a proxy whose listing fails (the fatal line).
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("new.csv", "email\nnew@example.com\n");
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/new", Kind = FaultKind.Status, Status = 500, Body = "{\"detail\":{\"error\":\"db write failed\"}}" });

        // Act
        var rows = await h.RunAsync("add", "--csv-file", "new.csv", "--retries", "0", "--create-endpoint", "legacy");
        h.Sandbox.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/user/list", Kind = FaultKind.Status, Status = 500, Body = "{\"detail\":{\"error\":\"listing failed\"}}" });
        var fatal = await h.RunAsync("add", "--csv-file", "new.csv", "--retries", "0", "--fresh");

        // Assert
        rows.ExitCode.ShouldBe(2, rows.All);
        rows.Out.ShouldContain("new@example.com: Failed to create user (API error)");
        h.Read("user_reg_error.csv").ShouldContain("Failed to create user (API error)");
        fatal.ExitCode.ShouldBe(3, fatal.All);
        fatal.Err.ShouldContain("ERROR: Failed to create user (API error): HTTP 500: listing failed. Fix:");
        (rows.All + fatal.All + h.Read("user_reg_error.csv")).ShouldNotContain("Failed to delete user");
    }

    [Fact]
    public async Task AKeyOtherThanTheMasterKeyOnAProxyWithoutADatabaseIsToldSoWithOnePeriod()
    {
        await using var h = await CliHarness.StartAsync(o => o.NoDatabase = true);
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync(h.Environment(key: "sk-not-the-master-key"), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(3, run.All);
        run.Err.ShouldContain("No connected db. Fix: The key is not the master key");
        run.All.ShouldNotContain("..");
    }

    [Fact]
    public async Task TheMasterKeyOnAProxyWithoutADatabaseIsNotDoubted()
    {
        await using var h = await CliHarness.StartAsync(o => o.NoDatabase = true);
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(3, run.All);
        run.Err.ShouldContain("Fix: The key was accepted, but the proxy runs without a database");
        run.Err.ShouldNotContain("not the master key");
        run.All.ShouldNotContain("..");
    }

    [Fact]
    public async Task CountsArePluralisedAndTheUniqueEmailsAreCounted()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();
        h.WriteFile("six.csv", "email\na@example.com\nb@example.com\nA@example.com\nc@example.com\nd@example.com\ne@example.com\n");

        var one = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");
        var six = await h.RunAsync("delete", "--csv-file", "six.csv", "--dry-run");
        var real = await h.RunAsync("delete", "--csv-file", "in.csv");

        one.Out.ShouldContain("Found 1 email (1 unique) in 'in.csv'");
        one.Out.ShouldContain("Summary (dry run): 1 user would be deleted; 0 rows would go to the error file.");
        six.Out.ShouldContain("Found 6 emails (5 unique) in 'six.csv'");
        real.Out.ShouldContain("Successfully deleted: 1 user\n");
        real.Out.ShouldContain("Backup of 1 user written to");
        real.Out.ShouldContain("Audit log: 1 change appended to");
        (one.All + six.All + real.All).ShouldNotContain(" 1 users");
        (one.All + six.All + real.All).ShouldNotContain(" 1 rows");
    }

    [Fact]
    public async Task ARunThatCouldNotRunCountsNoRowsPerSecond()
    {
        // Arrange: a rejected key: every row gets the run's reason, none was done by the run.
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");

        // Act
        var run = await h.RunAsync(h.Environment(key: "sk-wrong-key-1234"), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--summary-json", "summary.json");

        // Assert
        run.ExitCode.ShouldBe(3, run.All);
        run.Out.ShouldContain(" rows/s");
        run.Out.ShouldContain(", 0 rows/s");
        using var summary = JsonDocument.Parse(h.Read("summary.json"));
        summary.RootElement.GetProperty("rows").GetInt32().ShouldBe(3);
        summary.RootElement.GetProperty("rows_per_s").GetDouble().ShouldBe(0);
    }
}
