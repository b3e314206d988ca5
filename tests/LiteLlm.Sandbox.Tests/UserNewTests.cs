using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.1 (<c>POST /user/new</c>).</summary>
public sealed class UserNewTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task WithoutUserId_CreatesAUuidUserWithAKey(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        var body = await t.CreateUserAsync(new { user_email = t.Email("new") });

        // Assert
        Guid.TryParse(body.Str("user_id"), out _).ShouldBeTrue();
        body.Str("key").ShouldStartWith("sk-");
        body.Str("key_name").ShouldBe("sk-..." + body.Str("key")[^4..]);
        body.Str("user_email").ShouldBe(t.Email("new"));
        body.GetProperty("user_role").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        body.GetProperty("teams").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        body.GetProperty("token").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        body.TryGetProperty("password", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task AutoCreateKeyFalse_ReturnsEmptyKey(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        var body = await t.CreateUserAsync(new { user_email = t.Email("nokey"), auto_create_key = false });

        // Assert
        body.Str("key").ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task DuplicateUserId_Answers409WithPythonReprMessage(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var id = t.Unique("dup-id");
        await t.CreateUserAsync(new { user_id = id, user_email = t.Email("first") });

        // Act
        using var response = await t.PostAsync("/user/new", new { user_id = id, user_email = t.Email("second") });
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        error.Str("message").ShouldBe($"{{'error': 'User with id {id} already exists'}}");
        error.Str("type").ShouldBe("internal_server_error");
        error.Str("param").ShouldBe("None");
        error.Str("code").ShouldBe("409");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task DuplicateEmail_IsCaseInsensitiveTrimmedAndEchoesStoredCasing(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var stored = "Mixed.Case@" + t.Domain;
        await t.CreateUserAsync(new { user_email = stored });

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "  " + stored.ToUpperInvariant() + " " });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.JsonAsync()).Error().Str("message").ShouldBe($"{{'error': 'User with email {stored} already exists'}}");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task RoleOutsideTheFourAllowed_Answers422LiteralError(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = t.Email("role"), user_role = "customer" });
        var item = (await response.JsonAsync()).GetProperty("detail")[0];

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        item.Str("type").ShouldBe("literal_error");
        item.GetProperty("loc").Strings().ShouldBe(["body", "user_role"]);
        item.Str("msg").ShouldBe("Input should be <LitellmUserRoles.PROXY_ADMIN: 'proxy_admin'>, <LitellmUserRoles.PROXY_ADMIN_VIEW_ONLY: 'proxy_admin_viewer'>, <LitellmUserRoles.INTERNAL_USER: 'internal_user'> or <LitellmUserRoles.INTERNAL_USER_VIEW_ONLY: 'internal_user_viewer'>");
        item.Str("input").ShouldBe("customer");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task WrongFieldType_Answers422FloatParsingLikeTheCapture(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "x@example.com", max_budget = "lots" });

        // Assert
        ((int)response.StatusCode).ShouldBe(Captures.Status("nodb-wrong_type_new"));
        (await response.NodeAsync()).ShouldMatch(Captures.Body("nodb-wrong_type_new"));
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task MalformedJson_Answers422JsonInvalidLikeTheCapture(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.SendAsync(HttpMethod.Post, "/user/new", rawBody: "{not json");

        // Assert
        ((int)response.StatusCode).ShouldBe(Captures.Status("nodb-malformed_json_new"));
        (await response.NodeAsync()).ShouldMatch(Captures.Body("nodb-malformed_json_new"));
    }

    [Fact]
    public async Task MalformedJson_IsRejectedBeforeAuthentication()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.SendAsync(HttpMethod.Post, "/user/new", rawBody: "{\"a\": 1,}", key: "");
        var item = (await response.JsonAsync()).GetProperty("detail")[0];

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        item.GetProperty("loc")[1].GetInt32().ShouldBe(7);
        item.GetProperty("ctx").Str("error").ShouldBe("Illegal trailing comma before end of object");
    }

    [Fact]
    public async Task MixedTeamIdsAndTeamObjects_Answer422ForBothUnionMembers()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "mix@example.com", teams = new object[] { "team-a", new { team_id = "team-b" } } });
        var locs = (await response.JsonAsync()).GetProperty("detail").EnumerateArray().Select(e => string.Join('/', e.GetProperty("loc").EnumerateArray().Select(l => l.ToString()))).ToList();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        locs.ShouldBe(["body/teams/list[str]/1", "body/teams/list[NewUserRequestTeam]/0"]);
        t.Server!.Store.UserCount.ShouldBe(0);
    }

    [Fact]
    public async Task ShortPassword_Answers422ValueError()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "p@example.com", password = "short" });
        var item = (await response.JsonAsync()).GetProperty("detail")[0];

        // Assert
        item.Str("type").ShouldBe("value_error");
        item.Str("msg").ShouldBe("Value error, password must be at least 8 characters");
    }

    [Fact]
    public async Task Teams_AddMembershipsWhileTheResponseSaysNull()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("team-a", "A");
        store.CreateTeam("team-b", "B");

        // Act
        var body = await t.CreateUserAsync(new { user_id = "joiner", user_email = "joiner@example.com", teams = new object[] { new { team_id = "team-a" }, new { team_id = "team-b", user_role = "admin" } } });

        // Assert
        body.GetProperty("teams").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        store.FindUser("joiner")!.Teams.ShouldBe(["team-a", "team-b"]);
        store.FindTeam("team-b")!.MembersWithRoles.ShouldContain(new SandboxTeamMember("joiner", "joiner@example.com", "admin"));
        store.TeamMemberships.Count(m => m.UserId == "joiner").ShouldBe(2);
    }

    [Fact]
    public async Task Password_IsStoredHashedAndNeverReturned()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        var body = await t.CreateUserAsync(new { user_id = "pw-user", password = "correct horse battery" });
        using var list = await t.GetAsync("/user/list");

        // Assert
        t.Server!.Store.HasPassword("pw-user").ShouldBeTrue();
        body.GetRawText().ShouldNotContain("correct horse");
        (await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("password");
        t.Server.Journal.Entries[0].Body!.ShouldNotContain("correct horse");
    }
}
