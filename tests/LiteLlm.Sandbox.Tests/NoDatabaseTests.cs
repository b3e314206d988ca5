using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LiteLlm.Sandbox.Tests.Infrastructure;
using LiteLlm.Testing;

namespace LiteLlm.Sandbox.Tests;

/// <summary>A proxy without a database (fleet row 11, contract §1.2), against LiteLLM 1.77.1's own no-database captures.</summary>
public sealed class NoDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/user/list", null, "nodb-user_list")]
    [InlineData("GET", "/user/info?user_id=does-not-exist", null, "nodb-user_info_unknown")]
    [InlineData("POST", "/user/new", "{\"user_email\": \"alice@example.com\", \"user_role\": \"internal_user\"}", "nodb-user_new_ok_attempt")]
    [InlineData("POST", "/user/delete", "{\"user_ids\": [\"does-not-exist\"]}", "nodb-user_delete_unknown")]
    [InlineData("GET", "/user/list?page=0", null, "nodb-user_list_bad_page")]
    public async Task UserRoutes_AnswerLikeLiteLlmWithoutADatabase(string method, string path, string? body, string capture)
    {
        // Arrange
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { NoDatabase = true }, Ct);
        server.Store.AddUser("alice-old@example.com", "does-not-exist");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        // Act
        using var response = await client.SendAsync(request, Ct);

        // Assert
        ((int)response.StatusCode).ShouldBe(Captures.Status(capture));
        (await response.NodeAsync()).ShouldMatch(Captures.Body(capture));
        server.Store.UserCount.ShouldBe(1);
        server.Journal.Entries.ShouldAllBe(e => !e.Committed);
    }

    [Theory]
    [InlineData("sk-wrong-key", "nodb-wrong_master_key_sk")]
    [InlineData("wrong-key", "nodb-wrong_key_no_sk_prefix")]
    public async Task AKeyOtherThanTheMasterKey_Is400NoDbConnection(string key, string capture)
    {
        // Arrange: even a virtual key that exists cannot be looked up without a database.
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { NoDatabase = true }, Ct);
        var realKey = server.Store.AddUserWithKey("amy", "proxy_admin");
        using var wrong = server.CreateClient(key);
        using var virtualKey = server.CreateClient(realKey);

        // Act
        using var response = await wrong.PostAsync("/user/new", new StringContent("{\"user_email\": \"x@example.com\"}", Encoding.UTF8, "application/json"), Ct);
        using var withVirtualKey = await virtualKey.GetAsync("/user/list", Ct);

        // Assert
        ((int)response.StatusCode).ShouldBe(Captures.Status(capture));
        (await response.NodeAsync()).ShouldMatch(Captures.Body(capture));
        withVirtualKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Readiness_SaysNotConnected()
    {
        // Arrange
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { NoDatabase = true, Profile = SandboxProfile.Release1771 }, Ct);
        using var client = server.CreateClient(string.Empty);

        // Act
        var body = JsonNode.Parse(await client.GetStringAsync("/health/readiness", Ct))!;

        // Assert
        body["db"]!.GetValue<string>().ShouldBe("Not connected");
        body["litellm_version"]!.GetValue<string>().ShouldBe("1.77.1");
    }

    [Fact]
    public async Task OtherStoreRoutes_AnswerAPlain500AndChangeNothing()
    {
        // Arrange
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { NoDatabase = true }, Ct);
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/team/new", new StringContent("{\"team_id\": \"t\"}", Encoding.UTF8, "application/json"), Ct);

        // Assert
        ((int)response.StatusCode).ShouldBe(500);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("Internal Server Error");
        server.Store.Teams.ShouldBeEmpty();
    }
}
