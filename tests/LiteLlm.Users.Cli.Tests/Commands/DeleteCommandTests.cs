using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>`litellm-users delete`, end to end through the CLI against the sandbox.</summary>
public class DeleteCommandTests
{
    private static SandboxUser Seed(CliHarness h, string id, string email, DateTimeOffset? created = null, string role = "internal_user", IReadOnlyList<string>? teams = null) =>
        h.Store.AddUser(new SandboxUserSeed { UserId = id, UserEmail = email, UserRole = role, CreatedAt = created, Teams = teams });

    public abstract class Resolution(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Resolution("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Resolution("current");

        [Theory]
        [InlineData("auto")]
        [InlineData("lookup")]
        [InlineData("snapshot")]
        public async Task FindsUsersBeyondTheFirst25AndTheFirst100(string strategy)
        {
            // Arrange: 250 users; by LiteLLM's default order (created_at desc) the targets sit at
            // positions 30, 120 and 250, where the original script never looked.
            await using var h = await CliHarness.StartAsync();
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            h.Store.AddUsers(250, i => new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"user{i:000}@example.com", CreatedAt = start.AddMinutes(i) });
            h.WriteFile("in.csv", "email\nuser220@example.com\nuser130@example.com\nuser000@example.com\n");

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--strategy", strategy);

            // Assert
            run.ExitCode.ShouldBe(0, run.All);
            h.Read("user_del_result.csv").ShouldBe(
                "email,user_id,status\r\nuser220@example.com,u-220,Deleted\r\nuser130@example.com,u-130,Deleted\r\nuser000@example.com,u-000,Deleted\r\n");
            h.Store.UserCount.ShouldBe(247);
            h.Store.FindUser("u-000").ShouldBeNull();
            h.Store.FindUser("u-130").ShouldBeNull();
            h.Store.FindUser("u-220").ShouldBeNull();
            h.Store.Deletions.Select(d => d.UserId).ShouldBe(["u-000", "u-130", "u-220"], ignoreOrder: true);
        }

        [Fact]
        public async Task MatchesCaseAndSurroundingSpaceVariants()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-alice", "Alice@Example.com");
            Seed(h, "u-bob", " bob@example.com ");
            Seed(h, "u-alicia", "alice@example.com.au"); // a substring match on the server, not ours
            h.WriteFile("in.csv", "email\nALICE@example.COM\n\"  Bob@Example.com  \"\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-alice").ShouldBeNull();
            h.Store.FindUser("u-bob").ShouldBeNull();
            h.Store.FindUser("u-alicia").ShouldNotBeNull();
        }

        [Fact]
        public async Task AnAmbiguousEmailDeletesNobodyAndNamesTheIds()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-1", "twin@example.com");
            Seed(h, "u-2", "Twin@Example.com");
            h.WriteFile("in.csv", "email\ntwin@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_error.csv").ShouldContain("twin@example.com,,\"Ambiguous email: 2 users have this email (user_ids: u-1, u-2); none deleted. Use --all-matches to delete all of them\"");
            h.Store.FindUser("u-1").ShouldNotBeNull();
            h.Store.FindUser("u-2").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task AllMatchesDeletesEveryUserOfTheEmail()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-1", "twin@example.com");
            Seed(h, "u-2", "Twin@Example.com");
            Seed(h, "u-3", "other@example.com");
            h.WriteFile("in.csv", "email\ntwin@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--all-matches");

            run.ExitCode.ShouldBe(0, run.All);
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\ntwin@example.com,u-1;u-2,Deleted\r\n");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-3"]);
        }
    }

    public abstract class Input(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Input("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Input("current");

        [Fact]
        public async Task HandlesUnknownRepeatedBomCrlfAndExtraColumns()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com");
            Seed(h, "u-b", "b@example.com");
            h.WriteFile("in.csv", "Name,EMAIL,Notes\r\nAnn,a@example.com,\"left, 2024\"\r\nNo One,ghost@example.com,\r\nAnn again,A@EXAMPLE.COM,dup\r\n\r\nBob,b@example.com,x\r\n", bom: true);

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nb@example.com,u-b,Deleted\r\n");
            h.Read("user_del_error.csv").ShouldBe(
                "email,user_id,error_reason\r\nghost@example.com,,User not found in the system\r\nA@EXAMPLE.COM,,Duplicate email in CSV (first on line 2)\r\n");
            h.Store.UserCount.ShouldBe(0);
        }

        [Theory]
        [InlineData("missing.csv", null, "ERROR: CSV file '")]
        [InlineData("in.csv", "mail\nx@example.com\n", "has no 'email' column")]
        [InlineData("in.csv", "email\n", "ERROR: No emails found in '")]
        public async Task UnusableInputIsExitOneWithOneLineAndNoRequest(string file, string? content, string message)
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-x", "x@example.com");
            if (content is not null)
            {
                h.WriteFile(file, content);
            }

            var run = await h.RunAsync("delete", "--csv-file", file);

            run.ExitCode.ShouldBe(1);
            run.Err.ShouldContain(message);
            run.Err.Trim().Split('\n').Length.ShouldBe(1, run.Err);
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
            h.Exists("user_del_result.csv").ShouldBeFalse();
        }

        [Fact]
        public async Task AMissingKeyIsExitOneAndNoRequest()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email\nx@example.com\n");

            var run = await h.RunAsync(h.Environment(key: null), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(1);
            run.Err.ShouldContain("ERROR: --master-key or env LITELLM_MASTER_KEY is required.");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }
    }

    public abstract class Failures(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Failures("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Failures("current");

        [Fact]
        public async Task AWrongKeyIsExitThreeAndDeletesNothing()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com");
            Seed(h, "u-b", "b@example.com");
            h.WriteFile("in.csv", "email\na@example.com\nb@example.com\n");

            var run = await h.RunAsync(h.Environment(key: "sk-not-the-master-key"), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(3, run.All);
            run.Err.ShouldContain("ERROR: Unauthorized: HTTP 401: Authentication Error, Invalid proxy server token passed.");
            run.Err.ShouldContain("Fix: Set the correct master key (--master-key or LITELLM_MASTER_KEY).");
            var errors = h.Read("user_del_error.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            errors.Length.ShouldBe(3);
            errors.Skip(1).ShouldAllBe(line => line.Contains(",,\"Unauthorized: HTTP 401: Authentication Error"));
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\n");
            h.Store.UserCount.ShouldBe(2);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task AClosedPortIsExitThreeWithConnectionRefused()
        {
            await using var h = await CliHarness.StartAsync();
            var port = CliHarness.ClosedPort();
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync(h.Environment(baseUrl: $"http://127.0.0.1:{port}"), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--retries", "0");

            run.ExitCode.ShouldBe(3, run.All);
            run.Err.ShouldContain("ERROR: Connection refused: cannot connect to the LiteLLM server");
            run.Err.ShouldContain("Fix: Check the server URL (--base-url or LITELLM_BASE_URL)");
            h.Read("user_del_error.csv").ShouldContain("a@example.com,,Connection refused: cannot connect to the LiteLLM server");
        }

        [Fact]
        public async Task A500OnOneDeleteFailsOnlyThatRow()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-1", "one@example.com");
            Seed(h, "u-2", "two@example.com");
            Seed(h, "u-3", "three@example.com");
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Status, Status = 500, Body = "Internal Server Error", Skip = 1, Times = 1 });
            h.WriteFile("in.csv", "email\none@example.com\ntwo@example.com\nthree@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--batch-size", "1", "--concurrency", "1", "--retries", "0", "--delete-endpoint", "legacy");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\none@example.com,u-1,Deleted\r\nthree@example.com,u-3,Deleted\r\n");
            h.Read("user_del_error.csv").ShouldBe("email,user_id,error_reason\r\ntwo@example.com,u-2,Failed to delete user (API error): HTTP 500: Internal Server Error\r\n");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-2"]);
        }

        [Fact]
        public async Task AKeyRejectedMidRunStopsAndGivesTheRestTheReason()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-1", "one@example.com");
            Seed(h, "u-2", "two@example.com");
            Seed(h, "u-3", "three@example.com");
            h.Sandbox.Faults.Add(new FaultRule
            {
                Method = "POST",
                PathPrefix = "/user/delete",
                Kind = FaultKind.Status,
                Status = 401,
                Body = """{"error":{"message":"Authentication Error, Key is blocked.","type":"auth_error","param":"None","code":"401"}}""",
                Skip = 1,
            });
            h.WriteFile("in.csv", "email\none@example.com\ntwo@example.com\nthree@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--batch-size", "1", "--concurrency", "1", "--delete-endpoint", "legacy");

            run.ExitCode.ShouldBe(3, run.All);
            run.Err.ShouldContain("ERROR: Unauthorized: HTTP 401: Authentication Error, Key is blocked.");
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\none@example.com,u-1,Deleted\r\n");
            h.Read("user_del_error.csv").ShouldBe(
                "email,user_id,error_reason\r\ntwo@example.com,u-2,\"Unauthorized: HTTP 401: Authentication Error, Key is blocked.\"\r\nthree@example.com,u-3,\"Unauthorized: HTTP 401: Authentication Error, Key is blocked.\"\r\n");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-2", "u-3"], ignoreOrder: true);
        }
    }

    public abstract class DryRun(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : DryRun("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : DryRun("current");

        [Fact]
        public async Task LooksUpEveryRowButSendsNoChangeAndWritesNoFile()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com", role: "internal_user_viewer");
            h.WriteFile("in.csv", "email\na@example.com\nghost@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

            run.ExitCode.ShouldBe(2, run.All); // the real run would have one error row
            run.Out.ShouldContain("line 2: a@example.com -> would delete user_id u-a (internal_user_viewer; 1 key; no team; spend $0.00)");
            run.Out.ShouldContain("line 3: ghost@example.com -> would not delete: User not found in the system");
            h.Sandbox.Journal.Entries.ShouldNotBeEmpty();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Sandbox.Journal.Entries.ShouldAllBe(e => e.Method == "GET");
            h.Store.UserCount.ShouldBe(1);
            Directory.GetFiles(h.Directory).Select(Path.GetFileName).ShouldBe(["in.csv"]);
        }

        [Fact]
        public async Task ReturnsZeroWhenEveryRowWouldBeDeleted()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com");
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

            run.ExitCode.ShouldBe(0, run.All);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }
    }

    public abstract class Outputs(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Outputs("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Outputs("current");

        [Fact]
        public async Task GoldenFilesPinTheExactBytes()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-old", "old_user@example.com");
            Seed(h, "u-inactive", "inactive@company.com");
            Seed(h, "u-1", "twin@example.com");
            Seed(h, "u-2", "TWIN@example.com");
            Seed(h, "u-formula", "=cmd@example.com");
            h.WriteFile("in.csv", "email\nold_user@example.com\nInactive@Company.com\nnotfound@example.com\ntwin@example.com\nold_user@example.com\n=cmd@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(2, run.All);
            File.ReadAllBytes(h.Path("user_del_result.csv")).ShouldBe(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "user_del_result.csv")));
            File.ReadAllBytes(h.Path("user_del_error.csv")).ShouldBe(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "user_del_error.csv")));
        }

        [Fact]
        public async Task BothFilesAreRewrittenSoNoStaleRowSurvives()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com");
            h.WriteFile("user_del_error.csv", "email,user_id,error_reason\r\nold@example.com,,from last week\r\n");
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(0, run.All);
            h.Read("user_del_error.csv").ShouldBe("email,user_id,error_reason\r\n");
        }

        [Fact]
        public async Task TheKeyAppearsNowhereEvenWhenTheServerEchoesIt()
        {
            // Older LiteLLM builds echo the whole presented key in 401 messages.
            const string secret = "sk-echoed-secret-4242";
            await using var h = await CliHarness.StartAsync(o => o.EchoKeyInAuthErrors = true);
            Seed(h, "u-a", "a@example.com");
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync(h.Environment(key: secret), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--debug");

            run.ExitCode.ShouldBe(3, run.All);
            h.Sandbox.Journal.Entries.ShouldNotBeEmpty();
            run.All.ShouldContain("sk-...[redacted]");
            run.All.ShouldNotContain(secret);
            run.All.ShouldNotContain("echoed-secret");
            h.AllFilesText().ShouldNotContain(secret);
        }

        [Fact]
        public async Task DebugShowsRequestsAndDecisionsButNeverTheKey()
        {
            await using var h = await CliHarness.StartAsync();
            Seed(h, "u-a", "a@example.com");
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--debug");

            run.ExitCode.ShouldBe(0, run.All);
            run.Err.ShouldContain("DEBUG: -> GET /user/list?");
            run.Err.ShouldContain("DEBUG: <- 200 POST " + DeletePath);
            run.Err.ShouldContain("DEBUG: resolution strategy:");
            run.All.ShouldNotContain(CliHarness.Key);
            h.AllFilesText().ShouldNotContain(CliHarness.Key);
        }
    }

    public abstract class Cascade(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Cascade("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Cascade("current");

        [Fact]
        public async Task DeletedUsersLoseTheirKeysAndTeamMemberships()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            Seed(h, "u-gone", "gone@example.com", teams: ["team-ops"]);
            Seed(h, "u-stay", "stay@example.com", teams: ["team-ops"]);
            h.Store.CreateKey("u-gone", "gone-key");
            h.Store.KeysOf("u-gone").ShouldNotBeEmpty();
            h.WriteFile("in.csv", "email\ngone@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-gone").ShouldBeNull();
            h.Store.KeysOf("u-gone").ShouldBeEmpty();
            h.Store.KeysOf("u-stay").ShouldNotBeEmpty();
            h.Store.FindTeam("team-ops")!.MembersWithRoles.Select(m => m.UserId).ShouldBe(["u-stay"]);
            h.Store.TeamMemberships.ShouldNotContain(m => m.UserId == "u-gone");
        }
    }
}
