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
