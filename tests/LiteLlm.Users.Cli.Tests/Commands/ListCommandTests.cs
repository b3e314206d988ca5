using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>`litellm-users list`, end to end through the CLI against the sandbox.</summary>
public class ListCommandTests
{
    private const int Many = 1_050;

    private static IReadOnlyList<string> Ids(int count) => [.. Enumerable.Range(0, count).Select(i => SandboxTestData.Numbered(i).UserId!)];

    public class Formats
    {
        [Theory]
        [InlineData("csv")]
        [InlineData("tsv")]
        [InlineData("json")]
        [InlineData("jsonl")]
        [InlineData("table")]
        public async Task ReadsEveryPageAndTheOutputParses(string format)
        {
            // Arrange: 1,050 users are 11 pages of 100.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(Many);

            // Act
            var run = await h.RunAsync("list", "--format", format);

            // Assert
            run.ExitCode.ShouldBe(0, run.Err);
            ParseIds(format, run.Out).ShouldBe(Ids(Many), ignoreOrder: format == "table");
            run.Err.ShouldContain($"Listed {Many} users ({Many} read from the server).");
            h.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list").ShouldBe(1 + 11);
            h.Sandbox.Journal.Entries.Where(e => e.Path == "/user/list").ShouldAllBe(e => e.QueryString.Contains("sort_by=user_id"));
            run.All.ShouldNotContain(CliHarness.Key);
        }

        private static List<string> ParseIds(string format, string output)
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            switch (format)
            {
                case "csv":
                    lines[0].ShouldBe("user_id,user_email,user_role,teams,created_at,updated_at");
                    return [.. lines.Skip(1).Select(l => l.Split(',')[0])];
                case "tsv":
                    lines[0].ShouldBe("user_id\tuser_email\tuser_role\tteams\tcreated_at\tupdated_at");
                    output.ShouldNotContain("\r");
                    return [.. lines.Skip(1).Select(l => l.Split('\t')[0])];
                case "json":
                    return [.. JsonNode.Parse(output)!.AsArray().Select(u => (string)u!["user_id"]!)];
                case "jsonl":
                    return [.. lines.Select(l => (string)JsonNode.Parse(l)!["user_id"]!)];
                default:
                    return [.. lines.Where(l => l.Contains("user-", StringComparison.Ordinal)).Select(l => l.Split('│', StringSplitOptions.TrimEntries)[1])];
            }
        }

        [Theory]
        [InlineData("csv")]
        [InlineData("jsonl")]
        public async Task WritesToStdoutOnlyOnceTheLastPageIsRead(string format)
        {
            // Arrange: a writer that notes how many pages the sandbox had served when the first user arrived.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(Many);
            var output = new WatchingWriter(() => h.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list"));
            var env = new CliEnvironment { Variables = h.Environment(), WorkingDirectory = h.Directory };

            // Act
            var code = await CliApp.RunAsync(["list", "--format", format], output, TextWriter.Null, env, TestContext.Current.CancellationToken);

            // Assert: every user, written after the probe and all 11 pages were read (a listing that fails
            // half-way writes nothing to stdout; the pages are spooled to a temporary file, so memory stays flat).
            code.ShouldBe(0);
            output.Lines.ShouldBe(Many + (format == "csv" ? 1 : 0));
            output.RequestsAtFirstUser.ShouldBe(12);
        }

        private sealed class WatchingWriter(Func<int> requests) : StringWriter
        {
            public int Lines { get; private set; }

            public int? RequestsAtFirstUser { get; private set; }

            public override void Write(string? value)
            {
                base.Write(value);
                foreach (var line in (value ?? string.Empty).Split('\n').SkipLast(1))
                {
                    Lines++;
                    if (line.Contains("user-", StringComparison.Ordinal))
                    {
                        RequestsAtFirstUser ??= requests();
                    }
                }
            }
        }

        [Fact]
        public async Task JsonKeepsTypesAndAnEmptyListIsAnEmptyArray()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-1", UserEmail = "a@example.com", MaxBudget = 12.5, Models = ["gpt-4o", "claude"], Teams = ["t-1"], KeyCount = 2 });

            var one = await h.RunAsync("list", "--format", "json", "--columns", "user_id,max_budget,models,teams,key_count,metadata");
            var none = await h.RunAsync("list", "--format", "json", "--email-like", "nobody");

            one.ExitCode.ShouldBe(0, one.Err);
            var user = JsonNode.Parse(one.Out)!.AsArray().Single()!;
            user.ToJsonString().ShouldBe("""{"user_id":"u-1","max_budget":12.5,"models":["gpt-4o","claude"],"teams":["t-1"],"key_count":2,"metadata":{}}""");
            none.Out.ShouldBe("[]\n");
        }

        [Fact]
        public async Task OutputFileTakesItsFormatFromItsExtensionAndAppearsWhole()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddNumberedUsers(5);

            var run = await h.RunAsync("list", "-o", "users.jsonl");

            run.ExitCode.ShouldBe(0, run.Err);
            run.Out.ShouldBeEmpty();
            File.ReadAllLines(h.Path("users.jsonl")).Select(l => (string)JsonNode.Parse(l)!["user_id"]!).ShouldBe(Ids(5));
            h.Exists("users.jsonl.tmp").ShouldBeFalse();
        }
    }

    public class Filters
    {
        private static async Task<CliHarness> SeedAsync()
        {
            var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-ops", "Ops");
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-1", UserEmail = "Ann@Example.com", UserRole = "internal_user", Teams = ["team-ops"] });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-10", UserEmail = "bob_x@example.com", UserRole = "proxy_admin" });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-100", UserEmail = "bobbx@example.com", UserRole = "internal_user_viewer" });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-svc", UserEmail = "svc@other.org", UserRole = "team" });
            return h;
        }

        private static async Task<string[]> IdsAsync(CliHarness h, params string[] args)
        {
            var run = await h.RunAsync(["list", "--format", "csv", "--columns", "user_id", .. args]);
            run.ExitCode.ShouldBe(0, run.Err);
            return [.. run.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)];
        }

        [Fact]
        public async Task InternalRolesOnlyUnlessShowAllOrRole()
        {
            await using var h = await SeedAsync();

            (await IdsAsync(h)).ShouldBe(["u-1", "u-10", "u-100"]);
            (await IdsAsync(h, "--show-all")).ShouldBe(["u-1", "u-10", "u-100", "u-svc"]);
            (await IdsAsync(h, "--role", "team")).ShouldBe(["u-svc"]);
            (await IdsAsync(h, "--role", "proxy_admin")).ShouldBe(["u-10"]);
        }

        [Fact]
        public async Task EmailLikeIgnoresCaseAndTreatsUnderscoreLiterally()
        {
            await using var h = await SeedAsync();

            (await IdsAsync(h, "--email-like", "ANN@")).ShouldBe(["u-1"]);
            (await IdsAsync(h, "--email-like", "bob_x")).ShouldBe(["u-10"]);
        }

        [Fact]
        public async Task TeamByNameOrIdAndUserIdExactly()
        {
            await using var h = await SeedAsync();

            (await IdsAsync(h, "--team", "ops")).ShouldBe(["u-1"]);
            (await IdsAsync(h, "--team", "team-ops")).ShouldBe(["u-1"]);
            (await IdsAsync(h, "--user-id", "u-10")).ShouldBe(["u-10"]); // not u-100, which LiteLLM's substring filter also returns
        }

        [Fact]
        public async Task SortsOnTheServerByTheColumnAsked()
        {
            await using var h = await SeedAsync();

            (await IdsAsync(h, "--sort", "user_email:desc")).ShouldBe(["u-100", "u-10", "u-1"]);
        }

        [Fact]
        public async Task AnUnknownTeamIsAnInputError()
        {
            await using var h = await SeedAsync();

            var run = await h.RunAsync("list", "--team", "nope");

            run.ExitCode.ShouldBe(1);
            run.Err.ShouldContain("ERROR: Unknown team 'nope'");
        }
    }

    public class Secrets
    {
        [Theory]
        [InlineData("password")]
        [InlineData("user_id,key")]
        [InlineData("token")]
        public async Task SecretColumnsAreRefusedBeforeAnyRequest(string columns)
        {
            await using var h = await CliHarness.StartAsync();

            var run = await h.RunAsync("list", "--columns", columns);

            run.ExitCode.ShouldBe(1);
            run.Err.ShouldContain("is a secret and is never shown");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }

        [Fact]
        public async Task AWrongKeyIsExitThreeAndNeverShown()
        {
            await using var h = await CliHarness.StartAsync(o => o.EchoKeyInAuthErrors = true);
            h.Store.AddNumberedUsers(3);

            var run = await h.RunAsync(h.Environment(key: "sk-wrong-list-key-99"), CancellationToken.None, CancellationToken.None, "list", "--debug", "-o", "out.csv");

            run.ExitCode.ShouldBe(3, run.All);
            run.Err.ShouldContain("ERROR: Unauthorized: HTTP 401");
            run.All.ShouldNotContain("sk-wrong-list-key-99");
            h.Exists("out.csv").ShouldBeFalse();
            h.Exists("out.csv.tmp").ShouldBeFalse();
        }
    }
}
