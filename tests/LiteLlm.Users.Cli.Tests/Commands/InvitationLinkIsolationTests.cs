using System.Diagnostics;
using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// Fleet row 1 end to end: older LiteLLM's <c>/user/delete</c> fails the whole request with a 500
/// foreign-key error when one of its users created a pending invitation link, after it has deleted every
/// requested user's keys (issues #4740, #23114; fixed by PR #23115). 250 targets, 2 of them with such links,
/// batches of 100.
/// </summary>
public class InvitationLinkIsolationTests
{
    private const int Targets = 250;
    private static readonly string[] Poisoned = ["u-037", "u-142"];

    private const string FkFailure =
        "Failed to delete user (API error): HTTP 500: Foreign key constraint failed on the field: `LiteLLM_InvitationLink_created_by_fkey (index)`" +
        "; this LiteLLM release cannot delete a user who created pending invitation links; upgrade LiteLLM (PR #23115), or delete those links first";

    private static async Task<CliHarness> SeedAsync(SandboxProfile profile)
    {
        var h = await CliHarness.StartAsync(profile: profile);
        h.Store.AddUsers(Targets, i => new SandboxUserSeed
        {
            UserId = $"u-{i:000}",
            UserEmail = $"user{i:000}@example.com",
            KeyCount = Poisoned.Contains($"u-{i:000}") ? 2 : 0,
        });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-invitee", UserEmail = "invitee@example.com", KeyCount = 0 });
        foreach (var creator in Poisoned)
        {
            h.Store.CreateInvitation("u-invitee", createdBy: creator);
        }

        h.WriteFile("in.csv", "email\n" + string.Concat(Enumerable.Range(0, Targets).Select(i => $"user{i:000}@example.com\n")));
        return h;
    }

    private static string[] Run(params string[] extra) =>
        ["delete", "--csv-file", "in.csv", "--batch-size", "100", "--max-delete", "100%", "--summary-json", "summary.json", .. extra];

    [Fact]
    public async Task OnLegacyOnlyTheTwoUsersFailAndTheirRowsSayWhatTheFailedAttemptStillDeleted()
    {
        // Arrange
        await using var h = await SeedAsync(SandboxProfile.Legacy);
        var keysBefore = Poisoned.ToDictionary(id => id, id => h.Store.KeysOf(id).Count);

        // Act
        var clock = Stopwatch.StartNew();
        var run = await h.RunAsync(Run());
        clock.Stop();

        // Assert: exactly those two rows fail, with the server's words and the hint; the other 248 are deleted.
        run.ExitCode.ShouldBe(2, run.All);
        var errors = h.Read("user_del_error.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        errors.Count.ShouldBe(2, h.Read("user_del_error.csv"));
        foreach (var (line, id) in errors.Zip(Poisoned))
        {
            line.ShouldStartWith($"user{id[2..]}@example.com,{id},\"{FkFailure}; the failed attempt still deleted 2 of the user's 2 keys (LiteLLM deletes keys before the user row): 0 left; the backup taken before the request holds their metadata\"");
        }

        h.Read("user_del_result.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + Targets - 2);
        h.Store.Users.Select(u => u.UserId).Order().ShouldBe(["u-037", "u-142", "u-invitee"]);

        // ... truthfully: the keys were there before, are gone now, and the backup still holds their metadata.
        keysBefore.Values.ShouldAllBe(n => n == 2);
        Poisoned.ShouldAllBe(id => h.Store.KeysOf(id).Count == 0);
        var backup = Directory.GetFiles(h.Path("litellm-users-backups"), "*.jsonl").ShouldHaveSingleItem();
        var records = File.ReadLines(backup).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var id in Poisoned)
        {
            records.First(r => r.GetProperty("user").GetProperty("user_id").GetString() == id).GetProperty("keys").GetArrayLength().ShouldBe(2);
        }

        // The cost: each poisoned batch is isolated within 2·k·⌈log2 n⌉ extra requests (k = 1, n = 100), never retried.
        var summary = JsonDocument.Parse(h.Read("summary.json")).RootElement;
        var posts = h.Sandbox.Journal.Entries.Count(e => e.Method == "POST" && e.Path == "/user/delete");
        posts.ShouldBeLessThanOrEqualTo(3 + (2 * 2 * (int)Math.Ceiling(Math.Log2(100))));
        summary.GetProperty("retries").GetInt32().ShouldBe(0);
        summary.GetProperty("verified_deleted").GetInt32().ShouldBe(Targets - 2);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"legacy, 2 failing of {Targets}, batches of 100: {summary.GetProperty("requests").GetInt32()} requests ({posts} POST /user/delete), " +
            $"{summary.GetProperty("elapsed_s").GetDouble():0.000} s in the run, {clock.Elapsed.TotalSeconds:0.000} s with the CLI's start");
    }

    [Fact]
    public async Task OnCurrentTheSameUsersAreDeletedLikeEveryoneElse()
    {
        await using var h = await SeedAsync(SandboxProfile.Current);

        var run = await h.RunAsync(Run("--delete-endpoint", "legacy"));

        run.ExitCode.ShouldBe(0, run.All);
        h.Store.Users.Select(u => u.UserId).ShouldBe(["u-invitee"]);
        h.Store.Invitations.ShouldBeEmpty(); // PR #23115: links the users created go first
        h.Sandbox.Journal.Entries.Count(e => e.Method == "POST" && e.Path == "/user/delete").ShouldBe(3);
    }
}
