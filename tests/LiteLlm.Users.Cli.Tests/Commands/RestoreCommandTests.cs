using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>`litellm-users restore`, end to end: delete with a backup, then restore from it.</summary>
public abstract class RestoreCommandTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : RestoreCommandTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : RestoreCommandTests("current");

    private static async Task<string> DeleteWithBackupAsync(CliHarness h, string csv)
    {
        h.WriteFile("in.csv", csv);
        var run = await h.RunAsync("delete", "--csv-file", "in.csv");
        run.ExitCode.ShouldBe(0, run.All);
        return Directory.GetFiles(h.Path("litellm-users-backups"), "*.jsonl").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RoundTripsEveryFieldTheApiLetsUsSetAndTheTeamRoles()
    {
        // Arrange: the user as it was, deleted with a backup.
        await using var h = await CliHarness.StartAsync();
        Scenario.SeedAnn(h.Store);
        var before = h.Store.FindUser("u-ann")!;
        var backup = await DeleteWithBackupAsync(h, "email\nann@example.com\n");
        h.Store.FindUser("u-ann").ShouldBeNull();
        h.Sandbox.Journal.Clear();

        // Act
        var run = await h.RunAsync("restore", "--backup", backup);

        // Assert: the server has the user back, field for field, on both team rosters with the roles.
        run.ExitCode.ShouldBe(0, run.All);
        var after = h.Store.FindUser("u-ann").ShouldNotBeNull();
        after.UserEmail.ShouldBe(before.UserEmail);
        after.UserAlias.ShouldBe(before.UserAlias);
        after.UserRole.ShouldBe(before.UserRole);
        after.MaxBudget.ShouldBe(before.MaxBudget);
        after.BudgetDuration.ShouldBe(before.BudgetDuration);
        after.Spend.ShouldBe(before.Spend);
        after.Models.ShouldBe(before.Models);
        after.TpmLimit.ShouldBe(before.TpmLimit);
        after.RpmLimit.ShouldBe(before.RpmLimit);
        after.SsoUserId.ShouldBe(before.SsoUserId);
        JsonSerializer.Serialize(after.Metadata).ShouldBe(JsonSerializer.Serialize(before.Metadata));
        after.Teams.ShouldBe(["team-ops", "team-dev"], ignoreOrder: true);
        h.Store.FindTeam("team-ops")!.MembersWithRoles.ShouldContain(m => m.UserId == "u-ann" && m.Role == "admin");
        h.Store.FindTeam("team-dev")!.MembersWithRoles.ShouldContain(m => m.UserId == "u-ann" && m.Role == "user");
        h.Store.KeysOf("u-ann").ShouldBeEmpty(); // auto_create_key: false, and the old key cannot come back

        // ... with /user/new (no key) and /team/member_add, and says what could not come back.
        var create = h.Sandbox.Journal.Mutations.Where(e => e.Path == "/user/new").ShouldHaveSingleItem();
        JsonDocument.Parse(create.Body!).RootElement.GetProperty("auto_create_key").GetBoolean().ShouldBeFalse();
        h.Sandbox.Journal.Mutations.Count(e => e.Path == "/team/member_add").ShouldBe(2);
        var result = h.Read("user_restore_result.csv");
        result.ShouldStartWith("email,user_id,status,restored,not_restored,reason\r\nAnn@Example.com,u-ann,Restored,");
        result.ShouldContain("teams: team-ops (admin), team-dev (user)");
        result.ShouldContain("1 keys (ann-laptop): a key cannot be recreated with its secret; issue new keys");
        result.ShouldContain("organisation memberships (org-1 as org_admin): not restored");
        run.Out.ShouldContain("line 1: Ann@Example.com (u-ann) -> restored:");
        run.Out.ShouldContain("cannot be restored: 1 keys (ann-laptop)");
    }

    [Fact]
    public async Task RefusesAUserThatExistsAgainByIdOrByEmail()
    {
        // Arrange: three users deleted; one id and one email are taken again before the restore.
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        h.Store.AddUser("c@example.com", "u-c");
        var backup = await DeleteWithBackupAsync(h, "email\na@example.com\nb@example.com\nc@example.com\n");
        h.Store.AddUser("someone-else@example.com", "u-a");
        h.Store.AddUser("B@Example.com", "u-b-new");
        h.Sandbox.Journal.Clear();

        // Act
        var run = await h.RunAsync("restore", "--backup", backup);

        // Assert: only the free one is recreated; nothing is overwritten.
        run.ExitCode.ShouldBe(2, run.All);
        h.Store.FindUser("u-a")!.UserEmail.ShouldBe("someone-else@example.com");
        h.Store.FindUser("u-b").ShouldBeNull();
        h.Store.FindUser("u-c").ShouldNotBeNull();
        h.Sandbox.Journal.Mutations.Select(e => e.Path).ShouldBe(["/user/new"]);
        var rows = h.Read("user_restore_result.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows.Length.ShouldBe(4, string.Join("\n", rows));
        rows.ShouldContain(r => r.StartsWith("a@example.com,u-a,Refused,,,A user with this user_id exists (again)", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith("b@example.com,u-b,Refused,,,A user with this email exists (again) as user_id u-b-new", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith("c@example.com,u-c,Restored,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyRestoresTheNamedEmailsAndReportsOnesNotInTheBackup()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        var backup = await DeleteWithBackupAsync(h, "email\na@example.com\nb@example.com\n");

        var run = await h.RunAsync("restore", "--backup", backup, "--only", " B@example.com ,nobody@example.com");

        run.ExitCode.ShouldBe(2, run.All);
        h.Store.FindUser("u-b").ShouldNotBeNull();
        h.Store.FindUser("u-a").ShouldBeNull();
        h.Read("user_restore_result.csv").ShouldContain("nobody@example.com,,Failed,,,Not in the backup file");
    }

    [Fact]
    public async Task ADryRunChangesNothingWritesNoFileAndReturnsTheRealRunsCode()
    {
        await using var h = await CliHarness.StartAsync();
        Scenario.SeedAnn(h.Store);
        h.Store.AddUser("b@example.com", "u-b");
        var backup = await DeleteWithBackupAsync(h, "email\nann@example.com\nb@example.com\n");
        h.Store.AddUser("b@example.com", "u-b2");
        var files = Directory.GetFileSystemEntries(h.Directory, "*", SearchOption.AllDirectories).Order().ToList();
        h.Sandbox.Journal.Clear();

        var run = await h.RunAsync("restore", "--backup", backup, "--dry-run");

        run.ExitCode.ShouldBe(2, run.All);
        run.Out.ShouldContain("(u-ann) -> would restore: user (id, email, role, alias, budget, spend, limits, models, metadata); teams: team-ops (admin), team-dev (user)");
        run.Out.ShouldContain("(u-b) -> would refuse: A user with this email exists (again) as user_id u-b2");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        h.Store.FindUser("u-ann").ShouldBeNull();
        Directory.GetFileSystemEntries(h.Directory, "*", SearchOption.AllDirectories).Order().ShouldBe(files);
    }

    [Fact]
    public async Task AuditsEachRecreationAndTeamMembershipAndSendsTheOperator()
    {
        await using var h = await CliHarness.StartAsync();
        Scenario.SeedAnn(h.Store);
        var backup = await DeleteWithBackupAsync(h, "email\nann@example.com\n");
        File.Delete(h.Path("litellm-users-audit.jsonl"));
        h.Sandbox.Journal.Clear();

        var run = await h.RunAsync("restore", "--backup", backup, "--changed-by", "carol");

        run.ExitCode.ShouldBe(0, run.All);
        var lines = File.ReadAllLines(h.Path("litellm-users-audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => l.GetProperty("action").GetString()).ShouldBe(["restore", "team_add", "team_add"]);
        lines.ShouldAllBe(l => l.GetProperty("operator").GetString() == "carol" && l.GetProperty("user_id").GetString() == "u-ann" && l.GetProperty("success").GetBoolean());
        h.Sandbox.Journal.Mutations.ShouldAllBe(e => e.Headers["litellm-changed-by"] == "carol");
    }

    [Fact]
    public async Task ATeamThatIsGoneMakesTheRowPartlyRestored()
    {
        await using var h = await CliHarness.StartAsync();
        Scenario.SeedAnn(h.Store);
        var backup = await DeleteWithBackupAsync(h, "email\nann@example.com\n");
        var text = File.ReadAllText(backup).Replace("team-dev", "team-deleted-meanwhile", StringComparison.Ordinal);
        File.WriteAllText(h.Path("edited.jsonl"), text);

        var run = await h.RunAsync("restore", "--backup", "edited.jsonl");

        run.ExitCode.ShouldBe(2, run.All);
        h.Store.FindUser("u-ann")!.Teams.ShouldBe(["team-ops"]);
        var result = h.Read("user_restore_result.csv");
        result.ShouldContain("u-ann,Partly restored,");
        result.ShouldContain("team team-deleted-meanwhile (user): User not found in the system: HTTP 404");
    }

    [Fact]
    public async Task AnUnusableBackupIsExitOneAndNoRequest()
    {
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("bad.jsonl", "{\"format\":\"something-else\"}\n");

        var missing = await h.RunAsync("restore", "--backup", "nope.jsonl");
        var bad = await h.RunAsync("restore", "--backup", "bad.jsonl");
        var noOption = await h.RunAsync("restore");

        missing.ExitCode.ShouldBe(1);
        missing.Err.ShouldContain("Backup file '");
        bad.ExitCode.ShouldBe(1);
        bad.Err.ShouldContain("line 1 is not a litellm-users-backup/1 record");
        noOption.ExitCode.ShouldBe(1);
        h.Sandbox.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task AWrongKeyIsExitThreeAndRestoresNothing()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        var backup = await DeleteWithBackupAsync(h, "email\na@example.com\n");

        var run = await h.RunAsync(h.Environment(key: "sk-not-the-master-key"), CancellationToken.None, CancellationToken.None, "restore", "--backup", backup);

        run.ExitCode.ShouldBe(3, run.All);
        run.Err.ShouldContain("ERROR: Unauthorized: HTTP 401");
        h.Read("user_restore_result.csv").ShouldContain("a@example.com,u-a,Not processed,");
        h.Store.FindUser("u-a").ShouldBeNull();
    }

    [Fact]
    public async Task ResultCellsAreNeutralisedForSpreadsheets()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("=cmd@example.com", "u-formula");
        var backup = await DeleteWithBackupAsync(h, "email\n=cmd@example.com\n");

        var run = await h.RunAsync("restore", "--backup", backup);

        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_restore_result.csv").ShouldContain("\r\n\"'=cmd@example.com\",u-formula,Restored,");
    }

    [Fact]
    public async Task CtrlCFinishesTheUserInProgressStartsNoOtherAndIsExit130()
    {
        // Arrange: two deleted users; the first one's team membership is held at the proxy's door.
        await using var h = await CliHarness.StartAsync();
        h.Store.CreateTeam("team-a");
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-a", UserEmail = "a@example.com", Teams = ["team-a"] });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-b", UserEmail = "b@example.com", Teams = ["team-a"] });
        var backup = await DeleteWithBackupAsync(h, "email\na@example.com\nb@example.com\n");
        var gate = new TaskCompletionSource();
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/team/member_add", Kind = FaultKind.Stall, Until = gate.Task, Times = 1 });
        using var stop = new CancellationTokenSource();

        // Act: Ctrl+C while it is held, then let it through.
        var running = h.RunAsync(h.Environment(), stop.Token, CancellationToken.None, "restore", "--backup", backup);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (h.Sandbox.Faults.InjectedCount == 0)
        {
            await Task.Delay(10, limit.Token);
        }

        await stop.CancelAsync();
        gate.SetResult();
        var run = await running;

        // Assert
        run.ExitCode.ShouldBe(130, run.All);
        h.Store.FindUser("u-a")!.Teams.ShouldBe(["team-a"]);
        h.Store.FindUser("u-b").ShouldBeNull();
        var result = h.Read("user_restore_result.csv");
        result.ShouldContain("a@example.com,u-a,Restored,");
        result.ShouldContain("b@example.com,u-b,Not processed,,,Not processed: the run was cancelled");
    }
}
