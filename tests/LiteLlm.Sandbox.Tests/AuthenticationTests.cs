using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §2.1–2.3: where the key is read and the exact 401 envelopes.</summary>
public sealed class AuthenticationTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task MissingKey_Answers401WithTheCapturedBody(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var list = await t.GetAsync("/user/list", key: "");
        using var create = await t.PostAsync("/user/new", new { user_email = "x@example.com" }, key: "");
        using var delete = await t.PostAsync("/user/delete", new { user_ids = new[] { "x" } }, key: "");

        // Assert
        ((int)list.StatusCode).ShouldBe(Captures.Status("nodb-missing_key_list"));
        (await list.NodeAsync()).ShouldMatch(Captures.Body("nodb-missing_key_list"));
        (await create.NodeAsync()).ShouldMatch(Captures.Body("nodb-missing_key_new"));
        (await delete.NodeAsync()).ShouldMatch(Captures.Body("nodb-missing_key_delete"));
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task AuthorizationWithoutBearerPrefix_AnswersMalformedKey(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.SendAsync(HttpMethod.Get, "/user/list", key: "", configure: r => r.Headers.TryAddWithoutValidation("Authorization", t.MasterKey));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.NodeAsync()).ShouldMatch(Captures.Body("nodb-key_without_bearer"));
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task UnknownVirtualKey_Answers401TokenNotFoundWithAbbreviatedKey(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        const string key = "sk-not-a-real-key-WXYZ";

        // Act
        using var response = await t.GetAsync("/user/list", key: key);
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Str("type").ShouldBe("token_not_found_in_db");
        error.Str("param").ShouldBe("key");
        error.Str("code").ShouldBe("401");
        error.Str("message").ShouldStartWith("Authentication Error, Invalid proxy server token passed. Received API Key = sk-...WXYZ, Key Hash (Token) =");
        error.Str("message").ShouldContain(SandboxStore.HashToken(key));
        error.Str("message").ShouldNotContain("not-a-real");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task KeyWithoutSkPrefix_Answers401WithMaskedKey(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.GetAsync("/user/list", key: "abcd-secret-middle-wxyz");
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Str("message").ShouldBe("Authentication Error, LiteLLM Virtual Key expected. Received=abcd****wxyz, expected to start with 'sk-'.");
        error.Str("type").ShouldBe("auth_error");
        error.Str("param").ShouldBe("None");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task XLiteLlmApiKey_TakesPrecedenceOverAuthorization(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.SendAsync(HttpMethod.Get, "/user/list?page_size=1", key: "sk-wrong-key",
            configure: r => r.Headers.Add("x-litellm-api-key", t.MasterKey));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("x-litellm-api-key", true)]
    [InlineData("API-Key", false)]
    [InlineData("x-api-key", false)]
    [InlineData("x-goog-api-key", false)]
    [InlineData("Ocp-Apim-Subscription-Key", false)]
    public async Task KeyHeaders_AreAcceptedWhenAuthorizationIsAbsent(string header, bool bearer)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.SendAsync(HttpMethod.Get, "/user/list", key: "",
            configure: r => r.Headers.Add(header, bearer ? "Bearer " + t.MasterKey : t.MasterKey));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Authorization_TakesPrecedenceOverApiKeyHeader()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.SendAsync(HttpMethod.Get, "/user/list", key: "sk-wrong",
            configure: r => r.Headers.Add("API-Key", t.MasterKey));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EchoKeyInAuthErrors_EchoesTheWholeKeyLikeOlderReleases()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { EchoKeyInAuthErrors = true });

        // Act
        using var unknown = await t.GetAsync("/user/list", key: "sk-secret-value-1234");
        using var nonVirtual = await t.GetAsync("/user/list", key: "plain-secret-value");
        using var malformed = await t.SendAsync(HttpMethod.Get, "/user/list", key: "", configure: r => r.Headers.TryAddWithoutValidation("Authorization", "Token raw-secret"));

        // Assert
        (await unknown.JsonAsync()).Error().Str("message").ShouldContain("Received API Key = sk-secret-value-1234");
        (await nonVirtual.JsonAsync()).Error().Str("message").ShouldContain("Received=plain-secret-value,");
        (await malformed.JsonAsync()).Error().Str("message").ShouldEndWith("Passed in: Token raw-secret");
    }

    [Fact]
    public async Task NoMasterKeyConfigured_TreatsEveryRequestAsProxyAdmin()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { MasterKey = null });

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "anyone@example.com" }, key: "");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task VirtualKeyOfProxyAdmin_IsAdmin()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var admin = t.Server!.Store.AddUser("root@example.com", "admin-user", "proxy_admin");
        var key = t.Server.Store.CreateKey(admin.UserId);

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "made-by-admin@example.com" }, key: key);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
