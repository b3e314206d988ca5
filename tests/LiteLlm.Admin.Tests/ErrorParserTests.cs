using System.Text;
using LiteLlm.Admin.Internal;
using LiteLlm.Admin.Security;

namespace LiteLlm.Admin.Tests;

/// <summary>Every error shape of contract §1.1, with bodies captured from LiteLLM 1.77.1 where available.</summary>
public class ErrorParserTests
{
    private static LiteLlmRequestFailedException Parse(int status, string body, string? contentType = "application/json", string key = "sk-master-1234") =>
        ErrorParser.FromResponse("GET", "/user/list", status, contentType, Encoding.UTF8.GetBytes(body), null, SecretRedactor.For(key));

    [Fact]
    public void ReadsTheOpenAiEnvelopeWithAStringCode()
    {
        var e = Parse(401, """{"error":{"message":"Authentication Error, No api key passed in.","type":"auth_error","param":"None","code":"401"}}""");

        e.Status.ShouldBe(401);
        e.Kind.ShouldBe(LiteLlmFailureKind.Http);
        e.ErrorType.ShouldBe("auth_error");
        e.ErrorCode.ShouldBe("401");
        e.ServerMessage.ShouldBe("Authentication Error, No api key passed in.");
        e.Message.ShouldBe("GET /user/list failed: HTTP 401 Unauthorized: Authentication Error, No api key passed in.");
        e.IsNetworkError.ShouldBeFalse();
    }

    [Fact]
    public void UnwrapsThePythonReprOfADictMessage()
    {
        var e = Parse(409, """{"error":{"message":"{'error': 'User with email a@b.com already exists'}","type":"internal_server_error","param":"None","code":"409"}}""");

        e.ServerMessage.ShouldBe("User with email a@b.com already exists");
    }

    [Fact]
    public void ReadsADetailObject()
    {
        var e = Parse(404, """{"detail":{"error":"User not found, passed user_id=abc"}}""");

        e.ServerMessage.ShouldBe("User not found, passed user_id=abc");
        e.ErrorType.ShouldBeNull();
    }

    [Fact]
    public void ReadsADetailString()
    {
        Parse(404, """{"detail":"Not Found"}""").ServerMessage.ShouldBe("Not Found");
    }

    [Fact]
    public void ReadsAValidationList()
    {
        var e = Parse(422, """{"detail":[{"type":"greater_than_equal","loc":["query","page"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}""");

        e.ServerMessage.ShouldBe("query.page: Input should be greater than or equal to 1");
    }

    [Fact]
    public void ReadsAProblemDocument()
    {
        var e = Parse(403, """{"type":"urn:litellm:error:forbidden","title":"Forbidden","status":403,"detail":"Only PROXY_ADMIN or ORG_ADMIN users may delete users."}""", "application/problem+json");

        e.ErrorType.ShouldBe("urn:litellm:error:forbidden");
        e.ServerMessage.ShouldBe("Only PROXY_ADMIN or ORG_ADMIN users may delete users.");
    }

    [Fact]
    public void ReadsPlainText()
    {
        var e = Parse(502, "<html>\n<body>502 Bad Gateway</body>\n</html>", "text/html");

        e.ServerMessage.ShouldBe("<html> <body>502 Bad Gateway</body> </html>");
        e.IsTransient.ShouldBeTrue();
        e.OutcomeUnknown.ShouldBeTrue();
    }

    [Fact]
    public void ScrubsAKeyTheServerEchoes()
    {
        var e = Parse(401, """{"error":{"message":"Authentication Error, Malformed API Key passed in. Passed in: Bearer sk-master-1234","type":"auth_error","param":"None","code":"401"}}""");

        e.Message.ShouldNotContain("sk-master-1234");
        e.ServerMessage!.ShouldNotContain("sk-master-1234");
        e.BodyExcerpt!.ShouldNotContain("sk-master-1234");
    }

    [Fact]
    public void ReadsANestedMessageObjectOfOlderBuilds()
    {
        var e = Parse(400, """{"error":{"message":{"error":"Failed to update user"},"type":"auth_error","param":"None","code":"400"}}""");

        e.ServerMessage.ShouldBe("Failed to update user");
    }
}
