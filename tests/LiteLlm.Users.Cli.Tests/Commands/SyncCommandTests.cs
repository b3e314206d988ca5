using System.Text.Json.Nodes;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>`litellm-users sync`, end to end through the CLI against the sandbox.</summary>
public class SyncCommandTests
{
    private const string Header = "action,email,user_id,role,teams,status,error_reason\r\n";

    /// <summary>
    /// Ann (role to change), Bob (Ops → Dev), Cat (as the roster says), Old (not on the roster) and a
    /// service user without email; the roster also adds New to Ops.
    /// </summary>
    private static async Task<CliHarness> StartCompanyAsync(Action<SandboxOptions>? configure = null)
    {
        var h = await CliHarness.StartAsync(configure);
        h.Store.CreateTeam("team-ops", "Ops");
        h.Store.CreateTeam("team-dev", "Dev");
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-ann", UserEmail = "ann@example.com", Teams = ["team-ops"], KeyCount = 0 });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-bob", UserEmail = "bob@example.com", Teams = ["team-ops"], KeyCount = 0 });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-cat", UserEmail = "cat@example.com", KeyCount = 0 });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-old", UserEmail = "old@example.com", KeyCount = 0 });
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-svc", UserEmail = null, KeyCount = 0 });
        h.WriteFile("roster.csv", "email,role,team\nann@example.com,proxy_admin_viewer,\nbob@example.com,,Dev\ncat@example.com,,\nnew@example.com,,Ops\n");
        return h;
    }

    /// <summary>The result file with new users' random ids replaced by *.</summary>
    private static string Result(CliHarness h, string file = "user_sync_result.csv")
    {
        var known = h.Store.Users.Select(u => u.UserId).Where(id => id.StartsWith("u-", StringComparison.Ordinal)).ToHashSet();
        return string.Concat(h.Read(file).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var cells = line.Split(',');
            if (cells[0] == "ADDED" && cells[2].Length > 0 && !known.Contains(cells[2]))
            {
                cells[2] = "*";
            }

            return string.Join(',', cells) + "\r\n";
        }));
    }

    private static SandboxUser ByEmail(CliHarness h, string email) => h.Store.Users.Single(u => u.UserEmail == email);

    public abstract class Modes(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Modes("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Modes("current");

        [Fact]
        public async Task FullSyncAddsUpdatesChangesTeamsAndRemovesLast()
        {
            // Arrange
            await using var h = await StartCompanyAsync();

            // Act
            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");

            // Assert: the output
            run.ExitCode.ShouldBe(0, run.All);
            Result(h).ShouldBe(Header +
                "UPDATED,ann@example.com,u-ann,proxy_admin_viewer,Ops,SUCCESS,\r\n" +
                "UPDATED,bob@example.com,u-bob,internal_user,Dev,SUCCESS,\r\n" +
                "UNCHANGED,cat@example.com,u-cat,internal_user,,SUCCESS,\r\n" +
                "ADDED,new@example.com,*,internal_user,Ops,SUCCESS,\r\n" +
                "DELETED,old@example.com,u-old,internal_user,,SUCCESS,\r\n");
            run.Out.ShouldContain("Added: 1 user");
            run.Out.ShouldContain("Deleted: 1 user");
            run.Out.ShouldContain("Result written to '");

            // Assert: the server
            h.Store.FindUser("u-ann")!.UserRole.ShouldBe("proxy_admin_viewer");
            h.Store.FindUser("u-bob")!.Teams.ShouldBe(["team-dev"]);
            ByEmail(h, "new@example.com").Teams.ShouldBe(["team-ops"]);
            h.Store.FindUser("u-old").ShouldBeNull();
            h.Store.FindUser("u-svc").ShouldNotBeNull(); // no email: never touched
            h.Store.KeysOf(ByEmail(h, "new@example.com").UserId).ShouldBeEmpty(); // sync creates no keys

            // Assert: the order, adds → updates → removals last
            var mutations = h.Sandbox.Journal.Mutations.Select(m => m.Path).ToList();
            mutations.IndexOf(CreatePath).ShouldBeLessThan(mutations.IndexOf("/user/update"));
            mutations.IndexOf("/team/member_delete").ShouldBeLessThan(mutations.IndexOf(DeletePath));
            mutations.Last().ShouldBe(DeletePath);

            // Assert: backup before the removal, audit of every change, no journal left
            h.Read("litellm-users-audit.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => (JsonNode.Parse(l)!["action"]!.GetValue<string>(), JsonNode.Parse(l)!["user_id"]!.GetValue<string>()))
                .ShouldBe([("create", ByEmail(h, "new@example.com").UserId), ("update", "u-ann"), ("team_add", "u-bob"), ("team_remove", "u-bob"), ("delete", "u-old")], ignoreOrder: true);
            Directory.GetFiles(h.Path("litellm-users-backups")).ShouldHaveSingleItem().ShouldEndWith("-sync.jsonl");
            h.Exists("user_sync_result.journal.jsonl").ShouldBeFalse();
        }

        [Fact]
        public async Task TheV1BulkRoutesGiveTheSameResult()
        {
            await using var legacy = await StartCompanyAsync(o => o.EnableManagementV1 = false);
            await using var bulk = await StartCompanyAsync(o => o.EnableManagementV1 = true);

            var viaLegacy = await legacy.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");
            var viaBulk = await bulk.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");

            viaBulk.ExitCode.ShouldBe(0, viaBulk.All);
            viaLegacy.ExitCode.ShouldBe(0, viaLegacy.All);
            Result(bulk).ShouldBe(Result(legacy));
            bulk.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldContain("/management/v1/users/bulk");
            bulk.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldContain("/management/v1/users/bulk_delete");
            ByEmail(bulk, "new@example.com").Teams.ShouldBe(["team-ops"]);
        }

        [Fact]
        public async Task AddOnlyAddsAndSkipsTheRestSayingWhy()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--add-only");

            run.ExitCode.ShouldBe(0, run.All);
            Result(h).ShouldBe(Header +
                "UPDATED,ann@example.com,u-ann,internal_user,Ops,SKIPPED,Not updated (--add-only): role internal_user -> proxy_admin_viewer\r\n" +
                "UPDATED,bob@example.com,u-bob,internal_user,Ops,SKIPPED,Not updated (--add-only): join team Dev; leave team Ops\r\n" +
                "UNCHANGED,cat@example.com,u-cat,internal_user,,SUCCESS,\r\n" +
                "ADDED,new@example.com,*,internal_user,Ops,SUCCESS,\r\n" +
                "DELETED,old@example.com,u-old,internal_user,,SKIPPED,Not removed: --add-only\r\n");
            h.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe([CreatePath]);
            h.Store.UserCount.ShouldBe(6);
        }

        [Fact]
        public async Task RemoveOnlyRemovesAndSkipsTheRest()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--remove-only");

            run.ExitCode.ShouldBe(0, run.All);
            Result(h).ShouldBe(Header +
                "UPDATED,ann@example.com,u-ann,internal_user,Ops,SKIPPED,Not updated (--remove-only): role internal_user -> proxy_admin_viewer\r\n" +
                "UPDATED,bob@example.com,u-bob,internal_user,Ops,SKIPPED,Not updated (--remove-only): join team Dev; leave team Ops\r\n" +
                "UNCHANGED,cat@example.com,u-cat,internal_user,,SUCCESS,\r\n" +
                "ADDED,new@example.com,,,,SKIPPED,Not added: --remove-only\r\n" +
                "DELETED,old@example.com,u-old,internal_user,,SUCCESS,\r\n");
            h.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe([DeletePath]);
            h.Store.FindUser("u-old").ShouldBeNull();
            run.Out.ShouldContain("Backup of 1 user written to '");
        }

        [Fact]
        public async Task WithoutAllowRemoveNobodyIsRemovedAndNoUpdateLeavesUsersAsTheyAre()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--no-update");

            run.ExitCode.ShouldBe(0, run.All);
            h.Read("user_sync_result.csv").ShouldContain("DELETED,old@example.com,u-old,internal_user,,SKIPPED,Not removed: removal is off (use --allow-remove or --remove-only)\r\n");
            h.Read("user_sync_result.csv").ShouldContain("UPDATED,ann@example.com,u-ann,internal_user,Ops,SKIPPED,Not updated (--no-update): role internal_user -> proxy_admin_viewer\r\n");
            h.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe([CreatePath]);
            h.Store.FindUser("u-old").ShouldNotBeNull();
        }

        [Fact]
        public async Task ASecondRunChangesNothing()
        {
            await using var h = await StartCompanyAsync();
            (await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove")).ExitCode.ShouldBe(0);
            h.Sandbox.Journal.Clear();

            var again = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");

            again.ExitCode.ShouldBe(0, again.All);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Read("user_sync_result.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldAllBe(l => l.StartsWith("UNCHANGED,", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("--add-only", "--remove-only")]
        [InlineData("--add-only", "--allow-remove")]
        public async Task ContradictoryModesAreAUsageErrorAndSendNothing(string one, string other)
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", one, other);

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("contradict each other");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }
    }

    public abstract class Guards(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Guards("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Guards("current");

        [Theory]
        [InlineData("email,role,team\n")]
        [InlineData("")]
        [InlineData("email\n,\n  \n")]
        public async Task AnEmptyOrHeaderOnlyRosterIsRefusedBeforeAnyRequest(string roster)
        {
            await using var h = await StartCompanyAsync();
            h.WriteFile("empty.csv", roster);

            var run = await h.RunAsync("sync", "--csv-file", "empty.csv", "--allow-remove", "--max-delete", "100%");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldStartWith("ERROR: ");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
            h.Exists("user_sync_result.csv").ShouldBeFalse();
            h.Store.UserCount.ShouldBe(5);
        }

        [Fact]
        public async Task AMisHeadedRosterIsRefusedBeforeAnyRequest()
        {
            await using var h = await StartCompanyAsync();
            h.WriteFile("bad.csv", "mail;role\nann@example.com;internal_user\n");

            var run = await h.RunAsync("sync", "--csv-file", "bad.csv", "--allow-remove");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("has no 'email' column");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }

        [Fact]
        public async Task TooManyRemovalsRefuseTheWholeRunAndNothingIsAddedOrUpdatedEither()
        {
            // Arrange: a roster of 2 against 1,000 users: 998 removals.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(1000);
            h.WriteFile("roster.csv", "email,role\nuser1@example.com,proxy_admin_viewer\nuser2@example.com,\nbrand.new@example.com,\n");

            // Act
            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");

            // Assert
            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("ERROR: Refused: this run would delete 998 users, more than the limit of 100.");
            run.Out.ShouldNotContain("Failed rows:");
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Store.UserCount.ShouldBe(1000);
            h.Read("user_sync_result.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .ShouldAllBe(l => l.Contains(",FAILED,\"Refused: this run would delete 998 users", StringComparison.Ordinal));
            h.Exists("user_sync_result.journal.jsonl").ShouldBeFalse();
        }

        [Fact]
        public async Task ProtectedUsersAreKeptAndReportedWithoutChangingTheExitCode()
        {
            // Arrange: an admin, the key's owner and a --protect entry are not on the roster.
            await using var h = await CliHarness.StartAsync();
            var myKey = h.Store.AddUserWithKey("u-me", "proxy_admin", "me@example.com");
            h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
            h.Store.AddUser("vip@example.com", "u-vip");
            h.Store.AddUser("gone@example.com", "u-gone");
            h.Store.AddUser("ann@example.com", "u-ann");
            h.WriteFile("protect.txt", "vip@example.com\n");
            h.WriteFile("roster.csv", "email\nann@example.com\n");

            // Act: me is a proxy_admin too; --include-admins so that only the key rule guards me.
            var run = await h.RunAsync(h.Environment(key: myKey), CancellationToken.None, CancellationToken.None,
                "sync", "--csv-file", "roster.csv", "--allow-remove", "--protect", "protect.txt", "--include-admins");

            // Assert
            run.ExitCode.ShouldBe(0, run.All);
            var result = h.Read("user_sync_result.csv");
            result.ShouldContain("DELETED,me@example.com,u-me,proxy_admin,,PROTECTED,Protected: u-me owns the key this run uses\r\n");
            result.ShouldContain("DELETED,vip@example.com,u-vip,internal_user,,PROTECTED,Protected: u-vip matches 'vip@example.com' in ");
            result.ShouldContain("DELETED,boss@example.com,u-boss,proxy_admin,,SUCCESS,\r\n"); // --include-admins
            result.ShouldContain("DELETED,gone@example.com,u-gone,internal_user,,SUCCESS,\r\n");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-ann", "u-me", "u-vip"], ignoreOrder: true);
            run.Out.ShouldContain("Protected (kept by the guards): 2");
            run.All.ShouldNotContain(myKey);
        }

        [Fact]
        public async Task AnAdminNotOnTheRosterIsProtectedByDefault()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
            h.Store.AddUser("ann@example.com", "u-ann");
            h.WriteFile("roster.csv", "email\nann@example.com\n");

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--remove-only");

            run.ExitCode.ShouldBe(0, run.All);
            h.Read("user_sync_result.csv").ShouldContain("DELETED,boss@example.com,u-boss,proxy_admin,,PROTECTED,Protected: u-boss is a proxy_admin (use --include-admins to allow deleting admins)\r\n");
            h.Store.FindUser("u-boss").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task ARowWithABadValueKeepsItsUser()
        {
            await using var h = await StartCompanyAsync();
            h.WriteFile("typo.csv", "email,role\nann@example.com,\nbob@example.com,\ncat@example.com,\nold@example.com,admn\n");

            var run = await h.RunAsync("sync", "--csv-file", "typo.csv", "--allow-remove");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_sync_result.csv").ShouldContain("UPDATED,old@example.com,u-old,internal_user,,FAILED,\"Invalid role 'admn': use one of proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer\"\r\n");
            h.Store.FindUser("u-old").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            run.Out.ShouldContain("Failed rows:");
        }

        [Fact]
        public async Task AnAmbiguousRosterEmailTouchesNobody()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("shared@example.com", "u-s1");
            h.Store.AddUser("SHARED@example.com", "u-s2");
            h.WriteFile("roster.csv", "email,role\nshared@example.com,proxy_admin_viewer\n");

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_sync_result.csv").ShouldBe(Header +
                "UPDATED,shared@example.com,,,,FAILED,\"Ambiguous email: 2 users have this email (user_ids: u-s1, u-s2); none of them is updated or removed\"\r\n");
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Store.Users.ShouldAllBe(u => u.UserRole == "internal_user");
        }
    }

    public abstract class Confirmation(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Confirmation("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Confirmation("current");

        [Fact]
        public async Task NoAtThePromptChangesNothingAtAll()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunInteractiveAsync("no\n", "sync", "--csv-file", "roster.csv", "--allow-remove");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain($"About to delete 1 user (from 1 row) on {h.Sandbox.BaseAddress.AbsoluteUri}");
            h.Sandbox.Journal.Mutations.ShouldBeEmpty(); // not even the adds and updates
            h.Read("user_sync_result.csv").ShouldContain("DELETED,old@example.com,u-old,internal_user,,FAILED,Not confirmed: nothing was changed\r\n");
        }

        [Fact]
        public async Task YesAtThePromptSyncs()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunInteractiveAsync("yes\n", "sync", "--csv-file", "roster.csv", "--allow-remove");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-old").ShouldBeNull();
        }

        [Fact]
        public async Task NoQuestionWithYesOrWhenNobodyIsRemoved()
        {
            await using var h = await StartCompanyAsync();

            var noRemoval = await h.RunInteractiveAsync(string.Empty, "sync", "--csv-file", "roster.csv");
            var withYes = await h.RunInteractiveAsync(string.Empty, "sync", "--csv-file", "roster.csv", "--allow-remove", "--yes");

            noRemoval.ExitCode.ShouldBe(0, noRemoval.All);
            withYes.ExitCode.ShouldBe(0, withYes.All);
            (noRemoval.Err + withYes.Err).ShouldNotContain("Type 'yes'");
            h.Store.FindUser("u-old").ShouldBeNull();
        }
    }

    public abstract class Teams(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Teams("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Teams("current");

        [Fact]
        public async Task ATeamChangeKeepsTheUsersIdAndKeysAndTheKeysAppearNowhere()
        {
            // Arrange: Bob has a personal key; the roster moves him from Ops to Dev.
            await using var h = await StartCompanyAsync();
            var secret = h.Store.CreateKey("u-bob", "bob-laptop");
            var keysBefore = h.Store.KeysOf("u-bob").Select(k => k.Token).ToList();

            // Act
            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--debug", "--summary-json", "summary.json");

            // Assert: the same user, in exactly the roster's teams, on both sides of the membership
            run.ExitCode.ShouldBe(0, run.All);
            var bob = h.Store.FindUser("u-bob").ShouldNotBeNull();
            bob.Teams.ShouldBe(["team-dev"]);
            h.Store.FindTeam("team-dev")!.MembersWithRoles.ShouldContain(m => m.UserId == "u-bob");
            h.Store.FindTeam("team-ops")!.MembersWithRoles.ShouldNotContain(m => m.UserId == "u-bob");
            h.Store.KeysOf("u-bob").Select(k => k.Token).ShouldBe(keysBefore);
            h.Sandbox.Journal.Mutations.Where(m => m.Body?.Contains("u-bob", StringComparison.Ordinal) ?? false).Select(m => m.Path)
                .ShouldBe(["/team/member_add", "/team/member_delete"]);
            h.Store.Deletions.ShouldNotContain(d => d.UserId == "u-bob");

            // Assert: no key (the user's or the master key) in any output or file
            run.All.ShouldNotContain(secret);
            run.All.ShouldNotContain(CliHarness.Key);
            h.AllFilesText().ShouldNotContain(secret);
            h.AllFilesText().ShouldNotContain(CliHarness.Key);
        }

        [Fact]
        public async Task SyncUserPyStyleRosterWorks()
        {
            await using var h = await StartCompanyAsync();
            h.WriteFile("user_list.csv", "email,role,team_name\nbob@example.com,internal_user,Dev\n");

            var run = await h.RunAsync("sync", "--dry-run");

            run.ExitCode.ShouldBe(0, run.All);
            run.Out.ShouldContain("line 2: bob@example.com -> UPDATED PLANNED: join team Dev; leave team Ops");
        }
    }

    public abstract class DryRun(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : DryRun("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : DryRun("current");

        [Fact]
        public async Task ADryRunSendsNoMutationWritesNoFileAndPrintsThePlan()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--dry-run");

            run.ExitCode.ShouldBe(0, run.All);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            Directory.GetFiles(h.Directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ShouldBe(["roster.csv"]);
            run.Out.ShouldContain("line 2: ann@example.com -> UPDATED PLANNED: role internal_user -> proxy_admin_viewer");
            run.Out.ShouldContain("line 4: cat@example.com -> UNCHANGED PLANNED");
            run.Out.ShouldContain("line 5: new@example.com -> ADDED PLANNED (role internal_user, teams Ops)");
            run.Out.ShouldContain("not on the roster: old@example.com (u-old) -> DELETED PLANNED (role internal_user)");
            run.Out.ShouldContain("Summary (dry run): 1 to add, 2 to update, 1 to remove, 1 unchanged; 0 skipped, 0 protected; 0 rows would fail.");
        }

        [Fact]
        public async Task ADryRunReturnsTheRealRunsCodeAndWritesOnlyThePlan()
        {
            await using var h = await StartCompanyAsync();
            h.WriteFile("roster.csv", "email\nann@example.com\nnot-an-email\n");

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--dry-run", "--plan-out", "plan.json");

            run.ExitCode.ShouldBe(2, run.All);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            Directory.GetFiles(h.Directory).Select(Path.GetFileName).ShouldBe(["plan.json", "roster.csv"], ignoreOrder: true);
            run.Out.ShouldContain("Plan written to 'plan.json'");
            var plan = JsonNode.Parse(h.Read("plan.json"))!;
            plan["format"]!.GetValue<string>().ShouldBe("litellm-users/sync-plan/1");
            plan["base_url"]!.GetValue<string>().ShouldBe(h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/'));
            plan["summary"]!["remove"]!.GetValue<int>().ShouldBe(3);
            plan["summary"]!["failed"]!.GetValue<int>().ShouldBe(1);
            var rows = plan["rows"]!.AsArray();
            rows[0]!["action"]!.GetValue<string>().ShouldBe("unchanged");
            rows[1]!["status"]!.GetValue<string>().ShouldBe("failed");
            rows[2]!["line"].ShouldBeNull();
            rows[2]!["user_id"]!.GetValue<string>().ShouldBe("u-bob");
            rows[2]!["teams"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Ops"]);
            h.Read("plan.json").ShouldNotContain(CliHarness.Key);
        }

        [Fact]
        public async Task PlanOutNeedsDryRun()
        {
            await using var h = await StartCompanyAsync();

            var run = await h.RunAsync("sync", "--csv-file", "roster.csv", "--plan-out", "plan.json");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("--plan-out needs --dry-run");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }

        [Fact]
        public async Task TheSampleRosterRehearsesAgainstTheSampleSandbox()
        {
            await using var h = await CliHarness.StartAsync();
            var samples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples"));

            var run = await h.RunAsync("sync", "--csv-file", Path.Combine(samples, "user_list.csv"), "--sandbox", Path.Combine(samples, "sandbox-users.json"), "--allow-remove", "--dry-run");

            run.ExitCode.ShouldBe(2, run.All); // the sample holds a bad row and a shared email on purpose
            run.Out.ShouldContain("ADDED PLANNED");
            run.Out.ShouldContain("UPDATED PLANNED");
            run.Out.ShouldContain("UNCHANGED PLANNED");
            run.Out.ShouldContain("DELETED PLANNED");
            run.Out.ShouldContain("PROTECTED");
            run.Out.ShouldContain("2 rows would fail");
            run.Out.ShouldNotContain("The real run would be refused");
        }
    }

    public abstract class Resuming(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Resuming("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Resuming("current");

        private static async Task WaitUntilAsync(Func<bool> condition)
        {
            // Waits for an event the test caused; the bound only keeps a broken build from hanging.
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (!condition())
            {
                await Task.Delay(10, limit.Token);
            }
        }

        private static string JournalText(CliHarness h)
        {
            using var stream = new FileStream(h.Path("user_sync_result.journal.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        [Fact]
        public async Task ACtrlCDuringTheRemovalResumesAndNothingIsDoneTwice()
        {
            // Arrange: the removal of Old is held at the proxy's door.
            await using var h = await StartCompanyAsync();
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-old2", UserEmail = "old2@example.com", KeyCount = 0 });
            var gate = new TaskCompletionSource();
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = DeletePath, Kind = FaultKind.Stall, Until = gate.Task, Times = 1 });
            string[] command = ["sync", "--csv-file", "roster.csv", "--allow-remove", "--concurrency", "1"];
            using var stop = new CancellationTokenSource();
            using var abort = new CancellationTokenSource();

            // Act 1: while the delete hangs, the delete of u-old lands (as if it got through just before a
            // crash: done here by someone with the master key), then Ctrl+C and the grace period runs out.
            var running = h.RunAsync(h.Environment(), stop.Token, abort.Token, command);
            await WaitUntilAsync(() => h.Sandbox.Faults.InjectedCount == 1);
            JournalText(h).ShouldContain("\"type\":\"plan\"");
            using (var landed = h.Sandbox.CreateClient(CliHarness.Key))
            {
                using var response = await landed.PostAsync("/user/delete", new StringContent("""{"user_ids":["u-old"]}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
                response.EnsureSuccessStatusCode();
            }

            await stop.CancelAsync();
            await abort.CancelAsync();
            var cancelled = await running;

            cancelled.ExitCode.ShouldBe(130, cancelled.All);
            h.Read("user_sync_result.csv").ShouldContain("DELETED,old@example.com,u-old,internal_user,,FAILED,Not processed: the run was cancelled; rerun the same command to resume\r\n");
            h.Exists("user_sync_result.journal.jsonl").ShouldBeTrue();
            h.Store.FindUser("u-old2").ShouldNotBeNull();
            var newUsers = h.Sandbox.Journal.Mutations.Count(m => m.Path == CreatePath);

            // Act 2: the same command again.
            var resumed = await h.RunAsync(command);

            // Assert: u-old's delete (journaled, user gone) counts as ours; u-old2 is removed now; nothing twice.
            resumed.ExitCode.ShouldBe(0, resumed.All);
            resumed.Err.ShouldContain("Resuming the interrupted run");
            Result(h).ShouldBe(Header +
                "UPDATED,ann@example.com,u-ann,proxy_admin_viewer,Ops,SUCCESS,\r\n" +
                "UPDATED,bob@example.com,u-bob,internal_user,Dev,SUCCESS,\r\n" +
                "UNCHANGED,cat@example.com,u-cat,internal_user,,SUCCESS,\r\n" +
                "ADDED,new@example.com,*,internal_user,Ops,SUCCESS,\r\n" +
                "DELETED,old@example.com,u-old,internal_user,,SUCCESS,\r\n" +
                "DELETED,old2@example.com,u-old2,internal_user,,SUCCESS,\r\n");
            h.Sandbox.Journal.Mutations.Count(m => m.Path == CreatePath).ShouldBe(newUsers);
            h.Store.Users.Count(u => u.UserEmail == "new@example.com").ShouldBe(1);
            h.Store.Deletions.Select(d => d.UserId).ShouldBe(["u-old", "u-old2"], ignoreOrder: true);
            h.Exists("user_sync_result.journal.jsonl").ShouldBeFalse();
        }

        [Fact]
        public async Task ACreateSentBeforeACrashIsNotMadeTwice()
        {
            // Arrange: the create of New is held at the proxy's door.
            await using var h = await StartCompanyAsync();
            var gate = new TaskCompletionSource();
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = CreatePath, Kind = FaultKind.Stall, Until = gate.Task, Times = 1 });
            string[] command = ["sync", "--csv-file", "roster.csv", "--concurrency", "1"];
            using var stop = new CancellationTokenSource();
            using var abort = new CancellationTokenSource();

            // Act 1: the create lands with the id the run journaled before sending it, then the run is stopped.
            var running = h.RunAsync(h.Environment(), stop.Token, abort.Token, command);
            await WaitUntilAsync(() => h.Sandbox.Faults.InjectedCount == 1);
            var journaled = JsonNode.Parse(JournalText(h).Split('\n').Single(l => l.Contains("\"type\":\"intent\"", StringComparison.Ordinal)))!;
            var id = journaled["rows"]![0]!["ids"]![0]!.GetValue<string>();
            h.Store.AddUser(new SandboxUserSeed { UserId = id, UserEmail = "new@example.com", Teams = ["team-ops"], KeyCount = 0 });
            await stop.CancelAsync();
            await abort.CancelAsync();
            (await running).ExitCode.ShouldBe(130);

            // Act 2
            var resumed = await h.RunAsync(command);

            // Assert
            resumed.ExitCode.ShouldBe(0, resumed.All);
            h.Read("user_sync_result.csv").ShouldContain($"ADDED,new@example.com,{id},internal_user,Ops,SUCCESS,\r\n");
            h.Store.Users.Count(u => u.UserEmail == "new@example.com").ShouldBe(1);
            h.Sandbox.Journal.Entries.Count(e => e.Path == CreatePath && e.Status == 200).ShouldBe(0);
            h.Exists("user_sync_result.journal.jsonl").ShouldBeFalse();
        }
    }

    public abstract class Help(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Help("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Help("current");

        [Fact]
        public async Task HelpShowsTheModesGuardsAndExitCodesButNeverTheKey()
        {
            await using var h = await CliHarness.StartAsync();

            var run = await h.RunAsync("sync", "--help");

            run.ExitCode.ShouldBe(0);
            foreach (var option in new[] { "--csv-file", "user_list.csv", "user_sync_result.csv", "--allow-remove", "--add-only", "--remove-only", "--no-update", "--max-delete", "--protect", "--include-admins", "--yes", "--plan-out", "--backup-dir", "--no-backup", "--audit-log", "--changed-by", "--user-role", "internal_user", "--fresh", "--summary-json", "--sandbox" })
            {
                run.Out.ShouldContain(option);
            }

            run.Out.ShouldNotContain("--error-file");
            run.Out.ShouldNotContain("--strategy");
            run.Out.ShouldContain("Exit codes: 0 all rows done");
            run.All.ShouldNotContain(CliHarness.Key);
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }
    }
}
