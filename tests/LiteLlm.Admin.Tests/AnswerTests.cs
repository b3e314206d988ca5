using LiteLlm.Testing;
using LiteLlm.Admin.Security;
using LiteLlm.Admin.Tests.Loopback;
using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;

namespace LiteLlm.Admin.Tests;

/// <summary>Every answer is understood or honestly reported: never just "HTTP 200", never a NullReferenceException.</summary>
public class AnswerTests
{
    private static async Task<LiteLlmRequestFailedException> ListFailsWith(int status, string body, string contentType = "application/json")
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, status, body, contentType));
        using var client = server.CreateClient(o => o.Retry.MaxRetries = 0);
        return await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A200WithAnErrorEnvelopeCarriesTheServersWords()
    {
        var e = await ListFailsWith(200, """{"error":{"message":"Authentication Error, LiteLLM Virtual Key expected.","type":"auth_error","param":"None","code":"401"}}""");

        e.Kind.ShouldBe(LiteLlmFailureKind.InvalidResponse);
        e.Status.ShouldBe(200);
        e.ServerMessage.ShouldBe("Authentication Error, LiteLLM Virtual Key expected.");
        e.ErrorType.ShouldBe("auth_error");
        e.Message.ShouldBe("GET /user/list?sort_by=user_id&sort_order=asc&page=1&page_size=100 answered HTTP 200 with an error instead of a result: Authentication Error, LiteLLM Virtual Key expected.");
    }

    [Fact]
    public async Task A200WithALoneDetailCarriesIt()
    {
        var e = await ListFailsWith(200, """{"detail":{"error":"No db connected"}}""");

        e.Kind.ShouldBe(LiteLlmFailureKind.InvalidResponse);
        e.ServerMessage.ShouldBe("No db connected");
    }

    [Fact]
    public async Task AnHtmlPageIsDescribedWithAnExcerpt()
    {
        var e = await ListFailsWith(200, "<html>\n<body>Welcome to the corporate portal</body></html>", "text/html");

        e.Kind.ShouldBe(LiteLlmFailureKind.InvalidResponse);
        e.ServerMessage!.ShouldContain("not the JSON this client expects");
        e.ServerMessage!.ShouldContain("a text/html body that starts: <html> <body>Welcome to the corporate portal");
        e.Message.ShouldContain("answered HTTP 200, but not with what the route documents");
    }

    [Theory]
    [InlineData("""{"total":3,"page":1,"page_size":100,"total_pages":1}""", "users")]
    [InlineData("""{"users":[],"total":-1,"page":1,"page_size":100,"total_pages":0}""", "negative")]
    [InlineData("""{"users":[],"total":3,"page":1,"page_size":100,"total_pages":2147483647}""", "more pages than items")]
    [InlineData("""{"users":"none","total":3,"page":1,"page_size":100,"total_pages":1}""", "users")]
    [InlineData("""[1,2,3]""", "not the JSON")]
    [InlineData("", "empty")]
    public async Task AShapeTheRouteDoesNotDocumentIsInvalidResponse(string body, string words)
    {
        var e = await ListFailsWith(200, body);

        e.Kind.ShouldBe(LiteLlmFailureKind.InvalidResponse);
        e.ServerMessage!.ShouldContain(words);
        e.Message.ShouldNotEndWith("HTTP 200");
    }

    [Fact]
    public async Task TheLookupOfTheWriteLoopsChecksTheShapeToo()
    {
        await using var server = await LoopbackServer.StartAsync((context, seen) => seen.Method == "POST"
            ? LoopbackServer.Json(context, 404, """{"detail":{"error":"User not found, passed user_id=u-b"}}""")
            : LoopbackServer.Json(context, 200, """{"total":0}"""));
        using var client = server.CreateClient();

        var outcomes = await client.Users.DeleteManyAsync(["u-a", "u-b"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

        outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Failed && o.Failure!.Kind == LiteLlmFailureKind.InvalidResponse);
        outcomes[0].Failure!.ServerMessage!.ShouldContain("no \"users\" list");
    }

    [Fact]
    public async Task ARedirectToAnotherOriginIsNotFollowedAndNamesTheTarget()
    {
        await using var elsewhere = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 200, """{"users":[],"total":0,"page":1,"page_size":100,"total_pages":0}"""));
        var target = new Uri(elsewhere.BaseAddress, "/litellm");
        await using var server = await LoopbackServer.StartAsync((context, seen) =>
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = target.AbsoluteUri + seen.Path + seen.Query;
            return Task.CompletedTask;
        });
        using var client = server.CreateClient();

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

        e.Status.ShouldBe(301);
        e.IsFatal.ShouldBeTrue();
        e.ServerMessage!.ShouldContain("redirected to " + target.AbsoluteUri + "/user/list");
        e.ServerMessage!.ShouldContain("--base-url " + target.AbsoluteUri);
        elsewhere.Requests.ShouldBeEmpty();
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ASameOriginRedirectOfAReadIsFollowedWithTheKey()
    {
        await using var server = await LoopbackServer.StartAsync((context, seen) =>
        {
            if (seen.Path == "/user/list")
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = "/v2/user/list" + seen.Query;
                return Task.CompletedTask;
            }

            return LoopbackServer.Json(context, 200, """{"users":[{"user_id":"u-1"}],"total":1,"page":1,"page_size":100,"total_pages":1}""");
        });
        using var client = server.CreateClient(key: "sk-same-origin");

        var page = await client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken);

        page.Users.Single().UserId.ShouldBe("u-1");
        server.Requests.Select(r => r.Path).ShouldBe(["/user/list", "/v2/user/list"]);
        server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "Bearer sk-same-origin");
    }

    [Fact]
    public async Task ASameOriginRedirectThatWouldTurnAPostIntoAGetIsNotFollowed()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/login";
            return Task.CompletedTask;
        });
        using var client = server.CreateClient();

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.DeleteManyAsync(["u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken));

        e.Status.ShouldBe(302);
        e.ServerMessage!.ShouldContain("same origin only for GET");
        server.Requests.Count.ShouldBe(1);
    }
}

/// <summary>Credentials in the base URL, and the audit header of operators with non-ASCII names.</summary>
public class HeaderTests
{
    [Fact]
    public async Task UrlCredentialsGoToTheProxyAsBasicAndTheKeyAsXLiteLlmApiKey()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 401, """{"error":{"message":"Authentication Error, Invalid proxy server token passed. Received API Key = sk-url-key-123, Basic b3BzOnMzY3JldCE=","type":"auth_error","param":"None","code":"401"}}"""));
        var endpoint = new Uri($"http://ops:s3cret%21@{server.BaseAddress.Authority}/");
        using var client = new LiteLlmAdminClient(endpoint, "sk-url-key-123", new LiteLlmAdminClientOptions { Retry = new RetrySettings { MaxRetries = 0 } });

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

        var headers = server.Requests.Single().Headers;
        headers["Authorization"].ShouldBe("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ops:s3cret!")));
        headers["x-litellm-api-key"].ShouldBe("Bearer sk-url-key-123");
        client.Endpoint.UserInfo.ShouldBeEmpty();
        client.Endpoint.AbsoluteUri.ShouldBe(server.BaseAddress.AbsoluteUri);
        e.Message.ShouldNotContain("sk-url-key-123");
        e.Message.ShouldNotContain("b3BzOnMzY3JldCE=");
        client.Redactor.Redact("s3cret! s3cret%21 ops:s3cret!").ShouldNotContain("s3cret");
    }

    [Fact]
    public async Task TheSandboxAcceptsTheKeyInXLiteLlmApiKeyBehindBasicCredentials()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { MasterKey = ClientFixture.Key }, TestContext.Current.CancellationToken);
        sandbox.Store.AddUser("a@example.com", "u-a");
        using var client = new LiteLlmAdminClient(new Uri($"http://gate:pw-123@{sandbox.BaseAddress.Authority}"), ClientFixture.Key);

        var page = await client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken);

        page.Users.Single().UserId.ShouldBe("u-a");
        sandbox.Journal.Entries.Single().Status.ShouldBe(200);
        sandbox.Journal.Entries.Single().Headers.Keys.ShouldContain(k => k.Equals("x-litellm-api-key", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Jörg Müller", "J%C3%B6rg M%C3%BCller")]
    [InlineData("alice.ops", "alice.ops")]
    [InlineData("50% ops", "50%25 ops")]
    [InlineData("李雷 😀", "%E6%9D%8E%E9%9B%B7 %F0%9F%98%80")]
    [InlineData("tab\there", "tab%09here")]
    public async Task ANonAsciiOperatorNameIsPercentEncodedOnTheWire(string name, string onTheWire)
    {
        await using var f = await ClientFixture.StartAsync(client: o => o.ChangedBy = name);
        f.Sandbox.Store.AddUser("a@example.com", "u-a");

        var outcomes = await f.Client.Users.DeleteManyAsync(["u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

        outcomes.Single().Status.ShouldBe(UserDeleteStatus.Deleted);
        var header = f.Sandbox.Journal.Entries.Single().Headers.Single(h => h.Key.Equals("litellm-changed-by", StringComparison.OrdinalIgnoreCase)).Value;
        header.ShouldBe(onTheWire);
        Uri.UnescapeDataString(header).ShouldBe(name);
    }
}
