using System.Net;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli;
using LiteLlm.Users.Cli.Commands.Sandbox;

namespace LiteLlm.Sandbox.Tests.Cli;

/// <summary><c>litellm-users sandbox</c>: every documented setting on the command line, and where the key came from.</summary>
public sealed class SandboxCommandTests
{
    private const string EnvKey = "sk-from-the-environment-31f9";

    [Fact]
    public async Task OnPort0_ServesTheProfileAndSettingsAsked_AndWritesTheJournalAtShutdown()
    {
        // Arrange
        using var run = new CliRun();
        run.Variables["LITELLM_MASTER_KEY"] = EnvKey;
        var seed = run.Write("seed.csv", "user_email,user_id\nann@example.com,u-ann\n");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var output = new AddressWatcher();
        using var error = new StringWriter();
        string[] args =
        [
            "sandbox", "--port", "0", "--users", seed, "--litellm-version", "1.77.1", "--management-v1",
            "--fault-rate", "1", "--fault-status", "429", "--fault-path", "/user/list", "--journal", "journal.jsonl",
            "--max-concurrent-requests", "2",
        ];

        // Act
        var exit = CliApp.RunAsync(args, output, error, run.Environment(), stop.Token);
        var address = await output.Listening.WaitAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", EnvKey);
        var readiness = JsonNode.Parse(await client.GetStringAsync("/health/readiness", TestContext.Current.CancellationToken))!;
        using var list = await client.GetAsync("/user/list", TestContext.Current.CancellationToken);
        using var info = await client.GetAsync("/user/info?user_id=nobody", TestContext.Current.CancellationToken);
        using var v1 = await client.GetAsync("/management/v1/users/bulk_delete", TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var code = await exit;

        // Assert
        code.ShouldBe(ExitCodes.Success);
        address.Port.ShouldBeGreaterThan(0);
        readiness["litellm_version"]!.GetValue<string>().ShouldBe("1.77.1");
        list.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        info.StatusCode.ShouldBe(HttpStatusCode.OK); // 1.77.1: the 200 stub for an unknown id
        v1.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed); // --management-v1: the route exists (POST only)
        output.ToString().ShouldContain("with 1 users");
        error.ToString().ShouldContain("master key from env LITELLM_MASTER_KEY");
        (output.ToString() + error.ToString()).ShouldNotContain(EnvKey);
        var journal = await File.ReadAllLinesAsync(run.Path("journal.jsonl"), TestContext.Current.CancellationToken);
        journal.Length.ShouldBe(4);
        JsonNode.Parse(journal[1])!["fault"]!.GetValue<string>().ShouldBe("Status");
        string.Concat(journal).ShouldNotContain(EnvKey);
    }

    [Fact]
    public async Task NoDatabaseAndLatencyOptions_ReachTheServer()
    {
        // Arrange
        using var run = new CliRun();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var output = new AddressWatcher();
        using var error = new StringWriter();

        // Act
        var exit = CliApp.RunAsync(["sandbox", "--port", "0", "--no-database", "--latency-ms", "1", "--latency-per-item-ms", "0.5"], output, error, run.Environment(), stop.Token);
        var address = await output.Listening.WaitAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = address };
        var readiness = JsonNode.Parse(await client.GetStringAsync("/health/readiness", TestContext.Current.CancellationToken))!;
        await stop.CancelAsync();
        await exit;

        // Assert
        readiness["db"]!.GetValue<string>().ShouldBe("Not connected");
        error.ToString().ShouldContain("master key from the built-in default");
    }

    [Theory]
    [InlineData("--litellm-version", "newest", "--litellm-version")]
    [InlineData("--fault-rate", "2", "--fault-rate must be between 0 and 1.")]
    [InlineData("--max-concurrent-requests", "0", "--max-concurrent-requests must be 1 or more.")]
    public async Task BadValues_AreUsageErrors(string option, string value, string message)
    {
        // Arrange
        using var run = new CliRun();

        // Act
        var (code, _, err) = await run.RunAsync("sandbox", "--port", "0", option, value);

        // Assert
        code.ShouldBe(ExitCodes.UsageOrInput);
        err.ShouldContain(message);
    }

    public sealed class TheResolveKeyMethod
    {
        [Fact]
        public void TheOptionWins_ThenTheFile_ThenTheEnvironment_ThenTheDefault()
        {
            // Arrange
            using var run = new CliRun();
            var file = run.Write("key.txt", "sk-from-file\n");
            var bare = new CliEnvironment { WorkingDirectory = run.Directory };
            run.Variables["LITELLM_MASTER_KEY"] = EnvKey;
            var withEnv = run.Environment();

            // Act
            var fromOption = SandboxCommand.ResolveKey("sk-from-option", null, withEnv);
            var fromFile = SandboxCommand.ResolveKey(null, file, withEnv);
            var fromEnv = SandboxCommand.ResolveKey(null, null, withEnv);
            var fromDefault = SandboxCommand.ResolveKey(null, null, bare);

            // Assert
            (fromOption.Key, fromOption.Source).ShouldBe(("sk-from-option", "--master-key"));
            fromFile.Key.ShouldBe("sk-from-file");
            fromFile.Source.ShouldStartWith("--master-key-file");
            (fromEnv.Key, fromEnv.Source).ShouldBe((EnvKey, "env LITELLM_MASTER_KEY"));
            fromDefault.Key.ShouldBe(SandboxCommand.DefaultKey);
            fromDefault.Source.ShouldStartWith("the built-in default");
        }
    }
}
