using LiteLlm.Admin.Security;

namespace LiteLlm.Admin.Tests;

public class SecretRedactorTests
{
    private const string Key = "sk-master-1234";

    [Fact]
    public void ReplacesTheRawKey()
    {
        var text = SecretRedactor.For(Key).Redact("Authorization: Bearer sk-master-1234 was sent");

        text.ShouldNotContain(Key);
        text.ShouldContain(SecretRedactor.Placeholder);
    }

    [Fact]
    public void SwallowsAnythingThatStartsWithTheKey()
    {
        var text = SecretRedactor.For(Key).Redact("Received API Key = sk-master-1234-extra_tail, end");

        text.ShouldBe("Received API Key = " + SecretRedactor.Placeholder + ", end");
    }

    [Fact]
    public void ReplacesUrlAndJsonEncodedForms()
    {
        const string odd = "sk-a+b/c\"d";
        var redactor = SecretRedactor.For(odd);

        redactor.Redact("q=" + Uri.EscapeDataString(odd)).ShouldNotContain(Uri.EscapeDataString(odd));
        redactor.Redact("{\"key\":\"sk-a+b/c\\\"d\"}").ShouldNotContain("sk-a+b/c\\\"d");
    }

    [Fact]
    public void LeavesOtherTextAlone()
    {
        SecretRedactor.For(Key).Redact("sk-other-key and sk-...WXYZ").ShouldBe("sk-other-key and sk-...WXYZ");
        SecretRedactor.None.Redact("sk-master-1234").ShouldBe("sk-master-1234");
    }

    [Fact]
    public void HidesKeyAndPasswordMembersOfLoggedBodies()
    {
        const string body = """{"user_id":"u-1","key":"sk-new-user-secret","key_name":"sk-...cret","password" : "hunter2\"x","keys":[],"key_alias":"k"}""";

        var text = SecretRedactor.RedactSecretFields(body);

        text.ShouldBe("""{"user_id":"u-1","key":"sk-...[redacted]","key_name":"sk-...cret","password" : "sk-...[redacted]","keys":[],"key_alias":"k"}""");
        SecretRedactor.RedactSecretFields("""{"key":""}""").ShouldBe("""{"key":""}""");
    }
}

/// <summary>A key with every awkward character, in every encoding it can come back in.</summary>
public class SecretEncodingTests
{
    // \ " ' / + % space and non-ASCII (é, €, and a character outside the BMP).
    private const string Key = "sk-a\\b\"c'd/e+f%g h-é€😀-end";

    public static TheoryData<string, string> Encodings()
    {
        var minimalJson = Key.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var stjJson = System.Text.Json.JsonSerializer.Serialize(Key)[1..^1];
        var pyAscii = string.Concat(Key.Select(c => c switch
        {
            '\\' => "\\\\",
            '"' => "\\\"",
            _ when c > '~' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));
        var reprSingle = Key.Replace("\\", "\\\\").Replace("'", "\\'");
        var percent = Uri.EscapeDataString(Key);
        return new TheoryData<string, string>
        {
            { "raw", Key },
            { "JSON, minimal", minimalJson },
            { "JSON, System.Text.Json", stjJson },
            { "JSON, Python ensure_ascii", pyAscii },
            { "JSON with \\/", minimalJson.Replace("/", "\\/") },
            { "Python repr", reprSingle },
            { "Python repr inside JSON", reprSingle.Replace("\\", "\\\\").Replace("\"", "\\\"") },
            { "percent, upper hex", percent },
            { "percent, lower hex", System.Text.RegularExpressions.Regex.Replace(percent, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()) },
            { "form encoding", percent.Replace("%20", "+") },
            { "percent, / kept", percent.Replace("%2F", "/") },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void TheKeyIsScrubbedInEveryEncoding(string encoding, string form)
    {
        var text = SecretRedactor.For(Key).Redact($"before {form} after");

        text.ShouldBe($"before {SecretRedactor.Placeholder} after", customMessage: encoding);
    }

    [Fact]
    public void AKeyEchoedInAReprMessageOfAnErrorBodyIsScrubbedEverywhereInTheException()
    {
        var repr = Key.Replace("\\", "\\\\").Replace("'", "\\'");
        var body = System.Text.Json.JsonSerializer.Serialize(new { error = new { message = "{'error': 'Invalid key " + repr + "'}", type = "auth_error", param = "None", code = "401" } });

        var e = Internal.ErrorParser.FromResponse("GET", "/user/list?key=" + Uri.EscapeDataString(Key), 401, "application/json", System.Text.Encoding.UTF8.GetBytes(body), null, SecretRedactor.For(Key));

        foreach (var text in new[] { e.Message, e.ServerMessage!, e.BodyExcerpt!, e.Path })
        {
            text.ShouldNotContain("c'd");
            text.ShouldNotContain("c\\'d");
            text.ShouldNotContain("%27d");
        }

        e.ServerMessage.ShouldBe("Invalid key " + SecretRedactor.Placeholder);
    }

    [Fact]
    public void UrlCredentialsAreSecretsInEveryForm()
    {
        var secrets = SecretRedactor.CredentialsOf("https://ops%40corp:p%40ss%3Aw0rd@proxy.example.com/litellm");
        var redactor = new SecretRedactor(secrets);
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ops@corp:p@ss:w0rd"));

        redactor.Redact("ops%40corp:p%40ss%3Aw0rd").ShouldBe(SecretRedactor.Placeholder);
        redactor.Redact("pw p@ss:w0rd.").ShouldBe($"pw {SecretRedactor.Placeholder}.");
        redactor.Redact("Basic " + basic).ShouldBe("Basic " + SecretRedactor.Placeholder);
        redactor.Redact("user ops@corp").ShouldBe("user ops@corp");
        SecretRedactor.CredentialsOf("https://proxy.example.com").ShouldBeEmpty();
        SecretRedactor.CredentialsOf("not a url").ShouldBeEmpty();
    }
}
