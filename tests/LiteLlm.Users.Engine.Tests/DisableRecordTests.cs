using System.Text.Json;
using LiteLlm.Users.Engine.Execution;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The disable record in a user's metadata, written and removed the way LiteLLM's /user/update needs it (replace, never {}).</summary>
public static class DisableRecordTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static readonly DisableRecord Record = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)), "alice", ["h1", "h2"], "internal_user");

    [Fact]
    public static void WriteIntoKeepsEveryOtherKeyAndWritesUtcTime()
    {
        var written = Record.WriteInto(Json("""{"dept":"ops","nested":{"a":[1,2]},"litellm_users_disabled":null}"""));

        written.GetProperty("dept").GetString().ShouldBe("ops");
        written.GetProperty("nested").GetRawText().ShouldBe("""{"a":[1,2]}""");
        written.GetProperty("litellm_users_disabled").GetRawText().ShouldBe("""{"at":"2025-06-01T10:00:00Z","by":"alice","blocked_keys":["h1","h2"],"role":"internal_user"}""");
    }

    [Fact]
    public static void ReadsBackWhatItWrote()
    {
        DisableRecord.TryRead(Record.WriteInto(null), out var read).ShouldBeTrue();

        read.ShouldNotBeNull();
        read.At.ShouldBe(Record.At);
        read.By.ShouldBe("alice");
        read.BlockedKeys.ShouldBe(["h1", "h2"]);
        read.Role.ShouldBe("internal_user");
    }

    [Theory]
    [InlineData("""{"dept":"ops","litellm_users_disabled":{"blocked_keys":[]}}""", """{"dept":"ops"}""")]
    [InlineData("""{"litellm_users_disabled":{"blocked_keys":[]}}""", """{"litellm_users_disabled":null}""")]
    [InlineData("null", """{"litellm_users_disabled":null}""")]
    public static void RemoveFromNeverSendsAnEmptyObjectWhichLiteLlmWouldIgnore(string before, string after) =>
        DisableRecord.RemoveFrom(Json(before)).GetRawText().ShouldBe(after);

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"litellm_users_disabled":null}""", true)]
    [InlineData("""{"litellm_users_disabled":"yes"}""", false)]
    [InlineData("""{"litellm_users_disabled":{"blocked_keys":"h1"}}""", false)]
    [InlineData("""{"litellm_users_disabled":{"blocked_keys":[1]}}""", false)]
    public static void ARecordItDidNotWriteIsNotReadAsNone(string metadata, bool readable)
    {
        DisableRecord.TryRead(Json(metadata), out var record).ShouldBe(readable);
        record.ShouldBeNull();
    }
}
