using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// Every server answer is understood or honestly reported, end to end: a proxy that answers 200 with
/// an error, with a page that is not JSON, with an impossible page count, or that redirects to
/// another origin stops <c>delete</c> at the preflight with exit 3 and the server's own words — never
/// "User not found", never a stack trace, never "HTTP 200" alone — and <c>list</c> writes nothing to stdout.
/// </summary>
public class ServerAnswerTests
{
    public static TheoryData<string, string> Answers => new()
    {
        { "error-envelope", "Proxy at capacity, try again later" },
        { "html", "<html><body>Please sign in" },
        { "absurd-pages", "more pages than items" },
        { "redirect", "redirected to " },
    };

    private static async Task<(LoopbackServer Proxy, LoopbackServer Elsewhere)> StartAsync(string answer)
    {
        var elsewhere = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 200, """{"users":[],"total":0,"page":1,"page_size":100,"total_pages":0}"""));
        var proxy = await LoopbackServer.StartAsync((context, _) => answer switch
        {
            "error-envelope" => LoopbackServer.Json(context, 200, """{"error":{"message":"Proxy at capacity, try again later","type":"internal_error","code":"503"}}"""),
            "html" => LoopbackServer.Json(context, 200, "<html><body>Please sign in</body></html>", "text/html"),
            "absurd-pages" => LoopbackServer.Json(context, 200, """{"users":[],"total":3,"page":1,"page_size":1,"total_pages":2147483647}"""),
            _ => Redirect(context, new Uri(elsewhere.BaseAddress, context.Request.Path + context.Request.QueryString)),
        });
        return (proxy, elsewhere);
    }

    private static Task Redirect(HttpContext context, Uri target)
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = target.AbsoluteUri;
        return Task.CompletedTask;
    }

    private static void AssertHonest(CliResult run, string words)
    {
        run.ExitCode.ShouldBe(3, run.All);
        run.Err.ShouldContain(words);
        run.All.ShouldNotContain("User not found");
        run.All.ShouldNotContain("   at ");
        run.All.ShouldNotContain("Exception");
        if (run.All.Contains("HTTP 200", StringComparison.Ordinal))
        {
            run.All.ShouldContain(words);
        }

        run.Err.Split('\n').Count(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).ShouldBe(1, run.Err);
        run.Err.ShouldNotContain("..");
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task DeleteStopsAtThePreflightWithTheServersWords(string answer, string words)
    {
        // Arrange
        var (proxy, elsewhere) = await StartAsync(answer);
        await using var _ = proxy;
        await using var __ = elsewhere;
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\n");

        // Act
        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--retries", "0");

        // Assert: exit 3 with the server's words; nothing was sent but reads; every row says why.
        AssertHonest(run, words);
        run.Err.ShouldContain("Fix: Check ");
        run.Err.ShouldContain("server URL (--base-url or LITELLM_BASE_URL)");
        proxy.Requests.ShouldAllBe(r => r.Method == "GET");
        elsewhere.Requests.ShouldBeEmpty();
        var errors = h.Read("user_del_error.csv");
        errors.ShouldContain("a@example.com,,\"Failed to delete user (API error): ");
        errors.ShouldContain(words.Replace("\"", "\"\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task ADryRunThatCannotRunSaysSoInsteadOfASummaryOfZeros(string answer, string words)
    {
        var (proxy, elsewhere) = await StartAsync(answer);
        await using var _ = proxy;
        await using var __ = elsewhere;
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\n");

        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--dry-run", "--retries", "0");

        AssertHonest(run, words);
        run.Out.ShouldContain("DRY RUN - the proxy could not be asked, so there is nothing to preview");
        run.Out.ShouldNotContain("would go to the error file");
        run.Out.ShouldNotContain("Summary");
    }

    [Theory]
    [InlineData("add", "Failed to create user (API error): ")]
    [InlineData("sync", "Failed to sync user (API error): ")]
    [InlineData("restore", "Failed to restore user (API error): ")]
    public async Task EveryCommandsDryRunThatCannotRunSaysSo(string command, string words)
    {
        var (proxy, elsewhere) = await StartAsync("error-envelope");
        await using var _ = proxy;
        await using var __ = elsewhere;
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\n");
        h.WriteFile("backup.jsonl", """{"format":"litellm-users-backup/1","base_url":"BASE","user":{"user_id":"u-a","user_email":"a@example.com"}}""".Replace("BASE", proxy.BaseAddress.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal) + "\n");
        string[] args = command == "restore" ? ["restore", "--backup", "backup.jsonl"] : [command, "--csv-file", "in.csv"];

        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, [.. args, "--dry-run", "--retries", "0"]);

        AssertHonest(run, "Proxy at capacity, try again later");
        run.Err.ShouldContain("ERROR: " + words);
        run.Out.ShouldContain("DRY RUN - the proxy could not be asked, so there is nothing to preview");
        run.Out.ShouldNotContain("Summary");
        run.Out.ShouldNotContain("would");
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task ListWritesNothingToStdoutAndGivesTheServersWords(string answer, string words)
    {
        var (proxy, elsewhere) = await StartAsync(answer);
        await using var _ = proxy;
        await using var __ = elsewhere;
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "list", "--format", "csv", "--retries", "0");

        AssertHonest(run, words);
        run.Out.ShouldBeEmpty();
        run.Err.ShouldStartWith("ERROR: Failed to list users (API error): ");
    }

    [Fact]
    public async Task ListThatFailsOnALaterPageWritesNothingToStdout()
    {
        // Arrange: page 1 is fine; page 2 breaks.
        await using var proxy = await LoopbackServer.StartAsync((context, _) =>
        {
            var page = context.Request.Query["page"].ToString();
            var size = context.Request.Query["page_size"].ToString();
            var users = string.Join(',', Enumerable.Range(1, size == "1" ? 1 : 100).Select(i => $$"""{"user_id":"u-{{i:000}}","user_email":"u{{i}}@example.com","user_role":"internal_user"}"""));
            return size == "1" || page == "1"
                ? LoopbackServer.Json(context, 200, $$"""{"users":[{{users}}],"total":150,"page":1,"page_size":{{(size == "1" ? 1 : 100)}},"total_pages":{{(size == "1" ? 150 : 2)}}}""")
                : LoopbackServer.Json(context, 200, """{"error":{"message":"page 2 is on fire","type":"internal_error"}}""");
        });
        await using var h = await CliHarness.StartAsync();

        // Act
        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "list", "--retries", "0");

        // Assert: not even the header or the first page reached stdout.
        run.ExitCode.ShouldBe(3, run.All);
        run.Out.ShouldBeEmpty();
        run.Err.ShouldContain("page 2 is on fire");
        proxy.Requests.ShouldContain(r => r.Query.Contains("page=2", StringComparison.Ordinal));
    }
}
