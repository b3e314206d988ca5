using System.Text;
using LiteLlm.Users.Engine.Input;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The packed rows of an email CSV read back exactly as written, and find the same duplicates and keys as strings would.</summary>
public sealed class EmailRowsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("email-rows").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void RowsReadBackAsWrittenWithTheirKeysAndDuplicates()
    {
        var input = EmailInput.Read(Write("email\nJörg.Müller@Example.com\n  jörg.müller@example.com \nb@x.com\nA\u0001@x.com\nİ@x.com\nb@x.com\n"));

        input.Rows.Select(r => (r.Line, r.Email, r.DuplicateOf, r.Problem is null)).ShouldBe([
            (2, "Jörg.Müller@Example.com", (int?)null, true),
            (3, "jörg.müller@example.com", 2, true),
            (4, "b@x.com", null, true),
            (5, "A\u0001@x.com", null, false),
            (6, "İ@x.com", null, true),
            (7, "b@x.com", 4, true),
        ]);
        input.Rows[0].Key.ShouldBe("jörg.müller@example.com");
        input.Summary.ShouldBe(new InputSummary(6, 3));
    }

    [Fact]
    public void TheKeysAreTheDifferentUsableEmailsAndContainsLooksThemUp()
    {
        var keys = EmailInput.Read(Write("email\nJörg@Example.com\njörg@example.com\nb@x.com\nA\u0001@x.com\n")).Keys;

        keys.Count.ShouldBe(2);
        keys.ShouldBe(["jörg@example.com", "b@x.com"], ignoreOrder: true);
        keys.Contains("jörg@example.com").ShouldBeTrue();
        keys.Contains("b@x.com").ShouldBeTrue();
        keys.Contains("Jörg@Example.com").ShouldBeFalse(); // keys are compared as given: normalised
        keys.Contains("b@x.co").ShouldBeFalse();
        keys.Contains("a\u0001@x.com").ShouldBeFalse(); // an unusable row is never resolved
        keys.Contains("b@x.com\ud800").ShouldBeFalse(); // not text: no key is that
    }

    [Fact]
    public void RowsOverManyBlocksStayExact()
    {
        var text = new StringBuilder("email\n");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append(i % 7 == 0 ? "  User" : "user").Append(i % 100_000).Append("@Example.com").Append('\n');
        }

        var input = EmailInput.Read(Write(text.ToString()));

        input.Rows.Count.ShouldBe(200_000);
        input.Keys.Count.ShouldBe(100_000);
        input.Rows[150_001].DuplicateOf.ShouldBe(50_001 + 2);
        input.Rows[199_999].Email.ShouldBe("user99999@Example.com");
        input.Keys.Contains("user12345@example.com").ShouldBeTrue();
    }
}
