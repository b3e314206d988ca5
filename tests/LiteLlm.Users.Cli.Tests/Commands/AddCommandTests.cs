using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>`litellm-users add`, end to end through the CLI against the sandbox.</summary>
public class AddCommandTests
{
    private static SandboxUser? ByEmail(CliHarness h, string email) =>
        h.Store.Users.SingleOrDefault(u => string.Equals(u.UserEmail, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>The CSV rows of a file, without the header, with user_id (column 2) blanked: new ids are random.</summary>
    private static string[] RowsWithoutIds(CliHarness h, string file) =>
        [.. h.Read(file).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => { var c = l.Split(','); c[1] = "*"; return string.Join(',', c); })];

    public abstract class HeaderStyles(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : HeaderStyles("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : HeaderStyles("current");

        [Theory]
        [InlineData("email,role,team,alias,max_budget,budget_duration,models\nann@example.com,proxy_admin_viewer,Ops;Research,Ann,25,30d,\"gpt-4o,claude\"\n")]
        [InlineData("email,role,team_name,key_name\nann@example.com,proxy_admin_viewer,\"Ops, Research\",ann-key\n")]
        [InlineData("user_email,user_role,teams,max_budget,budget_duration,models\nann@example.com,proxy_admin_viewer,\"team-ops,team-research\",25,30d,gpt-4o;claude\n")]
        public async Task EachHeaderStyleCreatesTheUserWithItsRoleAndTeams(string csv)
        {
            // Arrange
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            h.Store.CreateTeam("team-research", "Research");
            h.WriteFile("in.csv", csv);

            // Act
            var run = await h.RunAsync("add", "--csv-file", "in.csv");

            // Assert
            run.ExitCode.ShouldBe(0, run.All);
            var user = ByEmail(h, "ann@example.com").ShouldNotBeNull();
            user.UserRole.ShouldBe("proxy_admin_viewer");
            user.Teams.ShouldBe(["team-ops", "team-research"], ignoreOrder: true);
            h.Store.FindTeam("team-ops")!.MembersWithRoles.ShouldContain(m => m.UserId == user.UserId);
            h.Store.KeysOf(user.UserId).ShouldBeEmpty(); // no key without --create-keys
            if (csv.Contains("budget_duration"))
            {
                user.MaxBudget.ShouldBe(25);
                user.BudgetDuration.ShouldBe("30d");
                user.Models.ShouldBe(["gpt-4o", "claude"]);
            }

            h.Read("user_reg_result.csv").ShouldStartWith("email,user_id,status,role,team_name,models,invitation_url\r\n");
            h.Read("user_reg_result.csv").ShouldContain($"ann@example.com,{user.UserId},Created,proxy_admin_viewer,Ops;Research,");
            h.Read("user_reg_error.csv").ShouldBe("email,user_id,role,error_reason\r\n");
        }

        [Fact]
        public async Task TheDefaultRoleIsInternalUserNeverProxyAdmin()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email\na@example.com\n");
            h.WriteFile("viewer.csv", "email\nb@example.com\n");

            (await h.RunAsync("add", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
            (await h.RunAsync("add", "--csv-file", "viewer.csv", "--user-role", "internal_user_viewer")).ExitCode.ShouldBe(0);

            ByEmail(h, "a@example.com")!.UserRole.ShouldBe("internal_user");
            ByEmail(h, "b@example.com")!.UserRole.ShouldBe("internal_user_viewer");
        }
    }

    public abstract class Validation(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Validation("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Validation("current");

        [Fact]
        public async Task BadRowsGoToTheErrorFileAndTheRestAreCreated()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            h.WriteFile("in.csv", """
                email,role,team,max_budget,budget_duration
                good@example.com,,Ops,10,1mo
                not-an-email,,,,
                role@example.com,admin,,,
                budget@example.com,,,-5,
                duration@example.com,,,,30y
                team@example.com,,Nope,,
                ,internal_user,,,
                good@example.com,,,,
                """);

            var run = await h.RunAsync("add", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(2, run.All);
            h.Store.Users.Select(u => u.UserEmail).ShouldBe(["good@example.com"]);
            h.Read("user_reg_error.csv").ShouldBe(
                "email,user_id,role,error_reason\r\n" +
                "not-an-email,,internal_user,Invalid email 'not-an-email'\r\n" +
                "role@example.com,,admin,\"Invalid role 'admin': use one of proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer\"\r\n" +
                "budget@example.com,,internal_user,Invalid max_budget '-5': use a positive number such as 10 or 12.5\r\n" +
                "duration@example.com,,internal_user,\"Invalid budget_duration '30y': use a positive count and a unit, s m h d w or mo (e.g. 30d, 1mo)\"\r\n" +
                "team@example.com,,internal_user,Unknown team 'Nope' (no team has this id or name)\r\n" +
                ",,internal_user,Missing email\r\n" +
                "good@example.com,,internal_user,Duplicate email in CSV (first on line 2)\r\n");
            h.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe([CreatePath]);
        }

        [Theory]
        [InlineData("missing.csv", null, "ERROR: CSV file '")]
        [InlineData("in.csv", "name,role\nAnn,internal_user\n", "has no 'email' column")]
        [InlineData("in.csv", "email,role\n", "ERROR: No users found in '")]
        public async Task AnUnusableFileIsExitOneWithOneLineAndNoRequest(string file, string? content, string message)
        {
            await using var h = await CliHarness.StartAsync();
            if (content is not null)
            {
                h.WriteFile(file, content);
            }

            var run = await h.RunAsync("add", "--csv-file", file);

            run.ExitCode.ShouldBe(1);
            run.Err.ShouldContain(message);
            run.Err.Trim().Split('\n').Length.ShouldBe(1, run.Err);
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
            h.Exists("user_reg_result.csv").ShouldBeFalse();
        }
    }

    public abstract class Existing(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Existing("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Existing("current");

        [Fact]
        public async Task ARerunFindsEveryoneAndChangesNothing()
        {
            // Arrange: 250 users already there, so existence is checked beyond the first pages.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUsers(250, i => new SandboxUserSeed { UserId = $"old-{i:000}", UserEmail = $"old{i:000}@example.com", KeyCount = 0 });
            h.WriteFile("in.csv", "email,role\nnew1@example.com,\nOLD249@example.com,\nnew2@example.com,proxy_admin\n");
            var first = await h.RunAsync("add", "--csv-file", "in.csv");
            first.ExitCode.ShouldBe(0, first.All);
            h.Sandbox.Journal.Clear();

            // Act
            var second = await h.RunAsync("add", "--csv-file", "in.csv");

            // Assert
            second.ExitCode.ShouldBe(0, second.All);
            h.Store.UserCount.ShouldBe(252);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            RowsWithoutIds(h, "user_reg_result.csv").ShouldBe([
                "new1@example.com,*,Exists,internal_user,,,",
                "OLD249@example.com,*,Exists,internal_user,,,",
                "new2@example.com,*,Exists,proxy_admin,,,",
            ]);
            h.Read("user_reg_result.csv").ShouldContain("OLD249@example.com,old-249,Exists");
            second.Out.ShouldContain("Already existed: 3 users");
        }

        [Fact]
        public async Task UpdateExistingChangesOnlyTheFilledCellsOfTheUserJustSeen()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-ann", UserEmail = "Ann@Example.com", UserRole = "proxy_admin", UserAlias = "Ann", Models = ["gpt-4o"] });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-bob", UserEmail = "bob@example.com", UserRole = "internal_user" });
            h.WriteFile("in.csv", "email,role,team,models\nann@example.com,,Ops,claude\nbob@example.com,internal_user,,\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--update-existing");
            h.Sandbox.Journal.Clear();
            var again = await h.RunAsync("add", "--csv-file", "in.csv", "--update-existing");

            run.ExitCode.ShouldBe(0, run.All);
            var ann = h.Store.FindUser("u-ann")!;
            ann.UserRole.ShouldBe("proxy_admin"); // no role cell: never demoted to the default
            ann.UserAlias.ShouldBe("Ann");
            ann.Models.ShouldBe(["claude"]);
            ann.Teams.ShouldBe(["team-ops"]);
            h.Store.FindTeam("team-ops")!.MembersWithRoles.ShouldContain(m => m.UserId == "u-ann");
            h.Store.UserCount.ShouldBe(2);
            again.ExitCode.ShouldBe(0, again.All);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Read("user_reg_result.csv").ShouldBe(
                "email,user_id,status,role,team_name,models,invitation_url\r\nann@example.com,u-ann,Exists,proxy_admin,Ops,claude,\r\nbob@example.com,u-bob,Exists,internal_user,,,\r\n");
        }

        [Fact]
        public async Task UpdateExistingRefusesAnEmailSharedByTwoUsers()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-1", UserEmail = "twin@example.com" });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-2", UserEmail = "TWIN@example.com" });
            h.WriteFile("in.csv", "email,role\ntwin@example.com,proxy_admin\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--update-existing");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_reg_error.csv").ShouldContain("Ambiguous email: 2 users have this email (user_ids: u-1, u-2); none updated");
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }
    }

    public abstract class KeysAndInvitations(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : KeysAndInvitations("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : KeysAndInvitations("current");

        [Fact]
        public async Task KeysGoOnlyToAnOwnerOnlyFileNeverToTheResultOrTheLog()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email,key_name\na@example.com,a-laptop\nb@example.com,\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--create-keys", "--debug");

            run.ExitCode.ShouldBe(0, run.All);
            var keys = h.Read("user_reg_keys.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            keys[0].ShouldBe("email,user_id,key_alias,key");
            keys.Length.ShouldBe(3);
            var secrets = keys.Skip(1).Select(l => l.Split(',')[3]).ToList();
            secrets.ShouldAllBe(s => s.StartsWith("sk-", StringComparison.Ordinal));
            foreach (var secret in secrets)
            {
                h.Store.Keys.ShouldContain(k => k.Token == SandboxStore.HashToken(secret)); // a real, working key
                run.All.ShouldNotContain(secret);
                h.Read("user_reg_result.csv").ShouldNotContain(secret);
            }

            keys.Single(l => l.StartsWith("a@example.com,", StringComparison.Ordinal)).ShouldContain(",a-laptop,sk-");
            h.Read("user_reg_result.csv").ShouldNotContain("sk-");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(h.Path("user_reg_keys.csv")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        [Fact]
        public async Task InviteWritesALinkOfLiteLlmsRealInvitationEndpoint()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-old", UserEmail = "old@example.com" });
            h.WriteFile("in.csv", "email\nnew@example.com\nold@example.com\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--invite");

            run.ExitCode.ShouldBe(0, run.All);
            var invitation = h.Store.Invitations.ShouldHaveSingleItem();
            invitation.UserId.ShouldBe(ByEmail(h, "new@example.com")!.UserId);
            h.Read("user_reg_result.csv").ShouldContain($",Created,internal_user,,,{h.Sandbox.BaseAddress}ui?invitation_id={invitation.Id}\r\n");
            h.Sandbox.Journal.Mutations.Count(m => m.Path == "/invitation/new").ShouldBe(1);
        }
    }

    public abstract class DryRun(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : DryRun("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : DryRun("current");

        [Fact]
        public async Task LooksEverythingUpButSendsNoChangeAndWritesNoFile()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-old", UserEmail = "old@example.com" });
            h.WriteFile("in.csv", "email,team\nnew@example.com,Ops\nold@example.com,\nbad@,\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--dry-run", "--create-keys", "--invite");

            run.ExitCode.ShouldBe(2, run.All); // the real run would have one error row
            run.Out.ShouldContain("line 2: new@example.com -> would create (role internal_user, teams Ops)");
            run.Out.ShouldContain("line 3: old@example.com -> exists as user_id u-old: left as it is (Exists)");
            run.Out.ShouldContain("line 4: bad@ -> would not add: Invalid email 'bad@'");
            h.Sandbox.Journal.Entries.ShouldNotBeEmpty();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Store.UserCount.ShouldBe(1);
            Directory.GetFiles(h.Directory).Select(Path.GetFileName).ShouldBe(["in.csv"]);
        }
    }

    public abstract class Routes(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Routes("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Routes("current");

        private const string Csv = "email,role,team,models\na@example.com,,Ops,gpt-4o\nb@example.com,proxy_admin,,\nbad,,,\nc@example.com,,nope,\nexists@example.com,,,\n";

        private static async Task<(CliResult Run, string[] Result, string Errors, int Users)> RunAsync(bool v1, params string[] extra)
        {
            await using var h = await CliHarness.StartAsync(o => o.EnableManagementV1 = v1);
            h.Store.CreateTeam("team-ops", "Ops");
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-x", UserEmail = "exists@example.com" });
            h.WriteFile("in.csv", Csv);
            var run = await h.RunAsync(["add", "--csv-file", "in.csv", .. extra]);
            var routes = h.Sandbox.Journal.Mutations.Select(m => m.Path).Distinct().ToList();
            routes.ShouldBe(v1 ? ["/management/v1/users/bulk"] : ["/user/new"]);
            h.Store.Users.Where(u => u.UserEmail != "exists@example.com").ShouldAllBe(u => h.Store.KeysOf(u.UserId).Count == 0);
            return (run, RowsWithoutIds(h, "user_reg_result.csv"), h.Read("user_reg_error.csv"), h.Store.UserCount);
        }

        [Fact]
        public async Task TheV1BulkRouteAndTheLegacyRouteGiveTheSameResult()
        {
            var legacy = await RunAsync(v1: false);
            var bulk = await RunAsync(v1: true);

            legacy.Run.ExitCode.ShouldBe(2, legacy.Run.All);
            bulk.Run.ExitCode.ShouldBe(2, bulk.Run.All);
            bulk.Result.ShouldBe(legacy.Result);
            bulk.Errors.ShouldBe(legacy.Errors);
            bulk.Users.ShouldBe(legacy.Users);
            legacy.Users.ShouldBe(3);
        }

        [Fact]
        public async Task AnAnswerLostAfterTheCreateLandedCreatesNothingTwice()
        {
            await using var h = await CliHarness.StartAsync();
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/new", Kind = FaultKind.DropAfterCommit, Times = 2 });
            h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");

            // /user/new on every profile (current would take the v1 bulk route, tested below).
            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--concurrency", "1", "--create-endpoint", "legacy");

            run.ExitCode.ShouldBe(0, run.All);
            h.Sandbox.Faults.InjectedCount.ShouldBe(2);
            h.Store.Users.Select(u => u.UserEmail).ShouldBe(["a@example.com", "b@example.com", "c@example.com"], ignoreOrder: true);
            RowsWithoutIds(h, "user_reg_result.csv").ShouldAllBe(r => r.Contains(",Created,"));
        }

        [Theory]
        [InlineData(FaultKind.Status)]
        [InlineData(FaultKind.DropAfterCommit)]
        public async Task AFailedBulkRequestIsSettledWithoutCreatingTwice(FaultKind kind)
        {
            // Arrange: the bulk request fails (nothing created: its halves are sent again, fleet row 1's
            // isolation) or its answer is lost (all created: found by their ids, not sent again).
            await using var h = await CliHarness.StartAsync(o => o.EnableManagementV1 = true);
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/management/v1/users/bulk", Kind = kind, Status = 500, Body = "Internal Server Error", Times = 1 });
            h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");

            // Act
            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--retries", "0");

            // Assert
            run.ExitCode.ShouldBe(0, run.All);
            h.Store.Users.Select(u => u.UserEmail).ShouldBe(["a@example.com", "b@example.com", "c@example.com"], ignoreOrder: true);
            RowsWithoutIds(h, "user_reg_result.csv").ShouldAllBe(r => r.Contains(",Created,"));
            h.Sandbox.Journal.Mutations.Count(m => m.Path == "/user/new").ShouldBe(0);
            h.Sandbox.Journal.Mutations.Count(m => m.Path == "/management/v1/users/bulk").ShouldBe(kind == FaultKind.Status ? 3 : 1);
        }

        [Fact]
        public async Task AResumeChecksTheJournaledIdBeforeCreating()
        {
            // Arrange: an interrupted run journaled the id of a.example.com's create, and it landed.
            await using var h = await CliHarness.StartAsync();
            var csv = h.WriteFile("in.csv", "email\na@example.com\nb@example.com\n");
            h.Store.AddUser(new SandboxUserSeed { UserId = "journaled-id", UserEmail = "a@example.com", KeyCount = 0 });
            using (var journal = RunJournal.Open(h.Path("user_reg_result.journal.jsonl"), RunIdentity.For("add", h.Sandbox.BaseAddress, csv), resumeRunId: null))
            {
                journal.Intent([(2, ["journaled-id"])]);
            }

            // Act
            var run = await h.RunAsync("add", "--csv-file", "in.csv");

            // Assert
            run.ExitCode.ShouldBe(0, run.All);
            run.Err.ShouldContain("Resuming the interrupted run");
            h.Read("user_reg_result.csv").ShouldContain("a@example.com,journaled-id,Created,");
            h.Sandbox.Journal.Mutations.Count.ShouldBe(1); // only b
            h.Store.UserCount.ShouldBe(2);
            h.Exists("user_reg_result.journal.jsonl").ShouldBeFalse();
        }
    }

    public abstract class Secrets(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Secrets("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Secrets("current");

        [Fact]
        public async Task TheMasterKeyAppearsInNoOutputAndNoFile()
        {
            await using var h = await CliHarness.StartAsync(o => o.EnableManagementV1 = true);
            h.WriteFile("in.csv", "email\na@example.com\nb@example.com\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--debug", "--create-keys", "--invite", "--summary-json", "summary.json");
            var dry = await h.RunAsync("add", "--csv-file", "in.csv", "--debug", "--dry-run");

            run.ExitCode.ShouldBe(0, run.All);
            dry.ExitCode.ShouldBe(0, dry.All);
            run.Err.ShouldContain("DEBUG: -> POST /management/v1/users/bulk");
            (run.All + dry.All).ShouldNotContain(CliHarness.Key);
            h.AllFilesText().ShouldNotContain(CliHarness.Key);
        }
    }
}
