using System.Text.Json;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>A non-ASCII operator name works end to end: sent percent-encoded, kept as it is in the audit log and the backup.</summary>
public class OperatorNameTests
{
    [Fact]
    public async Task DeleteWithAGermanNameSendsItEncodedAndTheAuditLogKeepsTheRealName()
    {
        // Arrange
        await using var h = await CliHarness.StartWithOneUserAsync();

        // Act
        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--changed-by", "Jörg Müller");

        // Assert: deleted; every request carried the name, percent-encoded UTF-8 (a header is ASCII).
        run.ExitCode.ShouldBe(0, run.All);
        h.Store.FindUser("u-a").ShouldBeNull();
        var delete = h.Sandbox.Journal.Entries.Single(e => e.Method == "POST" && e.Path == "/user/delete");
        delete.Headers["litellm-changed-by"].ShouldBe("J%C3%B6rg M%C3%BCller");
        Uri.UnescapeDataString(delete.Headers["litellm-changed-by"]).ShouldBe("Jörg Müller");

        // The audit log and the backup name the operator as typed, readable in the file itself.
        var audit = h.Read("litellm-users-audit.jsonl");
        audit.ShouldContain("\"operator\":\"Jörg Müller\"");
        using (var line = JsonDocument.Parse(audit.Split('\n')[0]))
        {
            line.RootElement.GetProperty("operator").GetString().ShouldBe("Jörg Müller");
            line.RootElement.GetProperty("action").GetString().ShouldBe("delete");
        }

        var backup = File.ReadAllText(Directory.GetFiles(h.Path("litellm-users-backups")).Single());
        using (var record = JsonDocument.Parse(backup.Split('\n')[0]))
        {
            record.RootElement.GetProperty("operator").GetString().ShouldBe("Jörg Müller");
        }
    }

    [Fact]
    public async Task ANameWithALineBreakIsAUsageError()
    {
        await using var h = await CliHarness.StartWithOneUserAsync();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--changed-by", "Jörg\nroot");

        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain("--changed-by must be a non-empty name on one line.");
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }
}
