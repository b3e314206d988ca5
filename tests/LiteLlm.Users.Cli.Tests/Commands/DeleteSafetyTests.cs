using System.Text.Json.Nodes;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Each guard of issue 4 stops the mistake it is for.</summary>
public class DeleteSafetyTests
{
    private static string Csv(IEnumerable<string> emails) => "email\n" + string.Concat(emails.Select(e => e + "\n"));

    public abstract class MaxDelete(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : MaxDelete("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : MaxDelete("current");

        [Fact]
        public async Task ATruncatedOrWrongCsvAboveTheLimitIsRefusedBeforeAnythingIsDeleted()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(1000);
            h.WriteFile("in.csv", Csv(Enumerable.Range(0, 150).Select(i => SandboxTestData.Numbered(i).UserEmail!)));

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("ERROR: Refused: this run would delete 150 users, more than the limit of 100.");
            run.Err.ShouldContain("--max-delete 150");
            h.Store.UserCount.ShouldBe(1000);
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Read("user_del_error.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(151);
        }

        [Fact]
        public async Task RaisingTheLimitLetsTheSameRunThrough()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(1000);
            h.WriteFile("in.csv", Csv(Enumerable.Range(0, 150).Select(i => SandboxTestData.Numbered(i).UserEmail!)));

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--max-delete", "150");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.UserCount.ShouldBe(850);
        }

        [Fact]
        public async Task MoreThanAQuarterOfTheServerIsRefusedButTenOrFewerNever()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(20);
            h.WriteFile("twelve.csv", Csv(Enumerable.Range(0, 12).Select(i => SandboxTestData.Numbered(i).UserEmail!)));
            h.WriteFile("ten.csv", Csv(Enumerable.Range(0, 10).Select(i => SandboxTestData.Numbered(i).UserEmail!)));

            var twelve = await h.RunAsync("delete", "--csv-file", "twelve.csv", "--dry-run");
            var ten = await h.RunAsync("delete", "--csv-file", "ten.csv");

            twelve.ExitCode.ShouldBe(1, twelve.All);
            twelve.Out.ShouldContain("The real run would be refused: Refused: this run would delete 12 of the server's 20 users (60%), more than the limit of 25%.");
            ten.ExitCode.ShouldBe(0, ten.All);
            h.Store.UserCount.ShouldBe(10);
        }
    }

    public abstract class Protection(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Protection("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Protection("current");

        [Fact]
        public async Task AnAdminInTheListIsProtectedUnlessAllowed()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("boss@example.com", "u-boss", "proxy_admin");
            h.Store.AddUser("dev@example.com", "u-dev");
            h.WriteFile("in.csv", Csv(["boss@example.com", "dev@example.com"]));

            var guarded = await h.RunAsync("delete", "--csv-file", "in.csv");

            guarded.ExitCode.ShouldBe(2, guarded.All);
            h.Read("user_del_error.csv").ShouldContain("boss@example.com,,Protected: u-boss is a proxy_admin (use --include-admins to allow deleting admins)");
            h.Store.FindUser("u-boss").ShouldNotBeNull();
            h.Store.FindUser("u-dev").ShouldBeNull();

            h.WriteFile("boss.csv", Csv(["boss@example.com"]));
            var allowed = await h.RunAsync("delete", "--csv-file", "boss.csv", "--include-admins");

            allowed.ExitCode.ShouldBe(0, allowed.All);
            h.Store.FindUser("u-boss").ShouldBeNull();
        }

        [Fact]
        public async Task TheOperatorsOwnUserIsProtected()
        {
            await using var h = await CliHarness.StartAsync();
            var myKey = h.Store.AddUserWithKey("u-me", "proxy_admin", "me@example.com");
            h.Store.AddUser("other@example.com", "u-other");
            h.WriteFile("in.csv", Csv(["me@example.com", "other@example.com"]));

            var run = await h.RunAsync(h.Environment(key: myKey), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--include-admins");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_error.csv").ShouldContain("me@example.com,,Protected: u-me owns the key this run uses");
            h.Store.FindUser("u-me").ShouldNotBeNull();
            h.Store.FindUser("u-other").ShouldBeNull();
            run.All.ShouldNotContain(myKey);
        }

        [Fact]
        public async Task AProtectFileGuardsIdsEmailsAndPatterns()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.Store.AddUser("b@example.com", "u-b");
            h.Store.AddUser("ceo@board.example.com", "u-ceo");
            h.Store.AddUser("d@example.com", "u-d");
            h.WriteFile("protect.txt", "# never these\nu-a\nB@Example.com\nre:@board\\.example\\.com$\n");
            h.WriteFile("in.csv", Csv(["a@example.com", "b@example.com", "ceo@board.example.com", "d@example.com"]));

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--protect", "protect.txt");

            run.ExitCode.ShouldBe(2, run.All);
            var errors = h.Read("user_del_error.csv");
            errors.ShouldContain("a@example.com,,Protected: u-a matches 'u-a' in ");
            errors.ShouldContain("(line 2)");
            errors.ShouldContain("b@example.com,,Protected: u-b matches 'B@Example.com'");
            errors.ShouldContain("ceo@board.example.com,,Protected: u-ceo matches 're:@board\\.example\\.com$'");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-a", "u-b", "u-ceo"], ignoreOrder: true);
        }
    }

    public abstract class Confirmation(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Confirmation("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Confirmation("current");

        [Fact]
        public async Task OnATerminalAnythingButYesDeletesNothing()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.WriteFile("in.csv", Csv(["a@example.com"]));

            var run = await h.RunInteractiveAsync("no\n", "delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain($"About to delete 1 user (from 1 row) and their 1 key on {h.Sandbox.BaseAddress.AbsoluteUri}");
            h.Read("user_del_error.csv").ShouldContain("a@example.com,u-a,Not confirmed: nothing was deleted");
            h.Store.FindUser("u-a").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task OnATerminalYesDeletes()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.WriteFile("in.csv", Csv(["a@example.com"]));

            var run = await h.RunInteractiveAsync("yes\n", "delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-a").ShouldBeNull();
        }

        [Fact]
        public async Task YesFlagSkipsTheQuestion()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.WriteFile("in.csv", Csv(["a@example.com"]));

            var run = await h.RunInteractiveAsync(string.Empty, "delete", "--csv-file", "in.csv", "--yes");

            run.ExitCode.ShouldBe(0, run.All);
            run.Err.ShouldNotContain("Type 'yes'");
            h.Store.FindUser("u-a").ShouldBeNull();
        }
    }

    public abstract class Plans(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Plans("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Plans("current");

        [Fact]
        public async Task APlanDeletesExactlyItsUsersAndNobodyElse()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.Store.AddUser("b@example.com", "u-b", "internal_user_viewer");
            h.WriteFile("in.csv", Csv(["a@example.com", "b@example.com", "ghost@example.com"]));

            // Make and review the plan.
            var dry = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json");

            dry.ExitCode.ShouldBe(2, dry.All);
            dry.Out.ShouldContain("Plan written to 'plan.json'");
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            var plan = JsonNode.Parse(h.Read("plan.json"))!;
            plan["format"]!.GetValue<string>().ShouldBe("litellm-users/delete-plan/1");
            plan["base_url"]!.GetValue<string>().ShouldBe(h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/'));
            plan["csv_sha256"]!.GetValue<string>().Length.ShouldBe(64);
            plan["rows"]![1]!["action"]!.GetValue<string>().ShouldBe("delete");
            plan["rows"]![1]!["users"]![0]!["role"]!.GetValue<string>().ShouldBe("internal_user_viewer");
            plan["rows"]![1]!["users"]![0]!["email"]!.GetValue<string>().ShouldBe("b@example.com");
            plan["rows"]![2]!["action"]!.GetValue<string>().ShouldBe("not_found");
            h.Read("plan.json").ShouldNotContain(CliHarness.Key);

            // Meanwhile the CSV changes and a new user with a listed email appears: neither matters.
            h.WriteFile("in.csv", Csv(["everyone@example.com"]));
            h.Store.AddUser("A@example.com", "u-a2");

            var apply = await h.RunAsync("delete", "--plan", "plan.json");

            apply.ExitCode.ShouldBe(2, apply.All);
            apply.Out.ShouldContain("Applying plan 'plan.json'");
            apply.Out.ShouldContain("2 users to delete, 1 not found");
            h.Store.Users.Select(u => u.UserId).ShouldBe(["u-a2"]);
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nb@example.com,u-b,Deleted\r\n");
            h.Read("user_del_error.csv").ShouldBe("email,user_id,error_reason\r\nghost@example.com,,User not found in the system\r\n");
        }

        [Fact]
        public async Task APlanForAnotherProxyIsRefused()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.WriteFile("in.csv", Csv(["a@example.com"]));
            (await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json")).ExitCode.ShouldBe(0);
            await using var other = await CliHarness.StartAsync();
            other.Store.AddUser("a@example.com", "u-a");

            var run = await h.RunAsync(h.Environment(baseUrl: other.Sandbox.BaseAddress.ToString()), CancellationToken.None, CancellationToken.None, "delete", "--plan", "plan.json");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain($"Refused: plan '{h.Path("plan.json")}' was made for {h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}, not {other.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/')}");
            other.Store.FindUser("u-a").ShouldNotBeNull();
            other.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task AStalePlanIsRefused()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.WriteFile("in.csv", Csv(["a@example.com"]));
            (await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json")).ExitCode.ShouldBe(0);
            var plan = JsonNode.Parse(h.Read("plan.json"))!;
            plan["created_at"] = DateTimeOffset.UtcNow.AddHours(-3).ToString("O");
            h.WriteFile("plan.json", plan.ToJsonString());

            var run = await h.RunAsync("delete", "--plan", "plan.json", "--max-plan-age", "90m");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("older than --max-plan-age 90m");
            h.Store.FindUser("u-a").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task APlanWhoseUserChangedEmailSkipsThatRowOnly()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.Store.AddUser("b@example.com", "u-b");
            h.WriteFile("in.csv", Csv(["a@example.com", "b@example.com"]));
            (await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json")).ExitCode.ShouldBe(0);
            using (var admin = h.Sandbox.CreateClient(CliHarness.Key))
            {
                using var response = await admin.PostAsync("/user/update", new StringContent("""{"user_id":"u-a","user_email":"someone.else@example.com"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
                response.EnsureSuccessStatusCode();
            }

            var run = await h.RunAsync("delete", "--plan", "plan.json");

            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_error.csv").ShouldContain("a@example.com,,\"Plan out of date: user u-a's email is now 'someone.else@example.com', the plan says 'a@example.com'; not deleted\"");
            h.Store.FindUser("u-a").ShouldNotBeNull();
            h.Store.FindUser("u-b").ShouldBeNull();
        }
    }
}
