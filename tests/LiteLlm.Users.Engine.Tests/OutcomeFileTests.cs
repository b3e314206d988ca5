using System.Text;
using LiteLlm.Admin.Security;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.Tests;

public sealed class OutcomeFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("out-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesRfc4180CrlfUtf8WithoutBomSortedByLine()
    {
        var path = Path.Combine(_dir, "out.csv");
        using (var file = new OutcomeFile(path, ["email", "user_id", "error_reason"], SecretRedactor.None))
        {
            file.Append(5, ["b@x.com", "u2", "has, a comma"]);
            file.Append(2, ["a@x.com", "", "has \"quotes\""]);
            file.Complete();
        }

        var bytes = File.ReadAllBytes(path);
        bytes.Take(3).ShouldNotBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes).ShouldBe(
            "email,user_id,error_reason\r\na@x.com,,\"has \"\"quotes\"\"\"\r\nb@x.com,u2,\"has, a comma\"\r\n");
    }

    [Fact]
    public void RowsAreOnDiskBeforeCompletion()
    {
        var path = Path.Combine(_dir, "live.csv");
        using var file = new OutcomeFile(path, ["email"], SecretRedactor.None);
        file.Append(2, ["a@x.com"]);

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        reader.ReadToEnd().ShouldBe("email\r\na@x.com\r\n");
    }

    [Fact]
    public void TruncatesAStaleFileAtStart()
    {
        var path = Path.Combine(_dir, "stale.csv");
        File.WriteAllText(path, "old,stuff\nfrom,before\n");

        using (var file = new OutcomeFile(path, ["email"], SecretRedactor.None))
        {
            file.Complete();
        }

        File.ReadAllText(path).ShouldBe("email\r\n");
    }

    [Fact]
    public void NeutralisesFormulasAndRedactsTheKey()
    {
        var path = Path.Combine(_dir, "safe.csv");
        using (var file = new OutcomeFile(path, ["a", "b"], SecretRedactor.For("sk-secret")))
        {
            file.Append(2, ["=HYPERLINK(\"x\")", "key sk-secret here"]);
            file.Complete();
        }

        var text = File.ReadAllText(path);
        text.ShouldContain("'=HYPERLINK");
        text.ShouldNotContain("sk-secret");
    }

    [Fact]
    public void SortsManyRowsAppendedOutOfOrderStablyWithTheExactBytes()
    {
        // Rows arrive in any order (parallel work) and a line may have several rows; values hold
        // quotes, commas, line breaks and multi-byte characters.
        var path = Path.Combine(_dir, "many.csv");
        var rng = new Random(7);
        var rows = Enumerable.Range(0, 20_000)
            .Select(i => (Line: 2 + rng.Next(5_000), Values: new[] { $"u{i}@x.com", i % 7 == 0 ? $"J\u00f6rg \"{i}\",\r\nnext" : $"r{i}" }))
            .ToList();
        using (var file = new OutcomeFile(path, ["email", "note"], SecretRedactor.None))
        {
            foreach (var (line, values) in rows)
            {
                file.Append(line, values);
            }

            file.Count.ShouldBe(rows.Count);
            file.Complete();
            file.Complete(); // a second call changes nothing
            Should.Throw<ObjectDisposedException>(() => file.Append(2, ["late@x.com", ""]));
        }

        var expected = new StringWriter();
        CsvFormat.WriteRow(expected, ["email", "note"]);
        foreach (var (_, values) in rows.OrderBy(r => r.Line)) // OrderBy is stable
        {
            CsvFormat.WriteRow(expected, values);
        }

        File.ReadAllBytes(path).ShouldBe(new UTF8Encoding(false).GetBytes(expected.ToString()));
    }

    [Fact]
    public void WrongNumberOfValuesIsRefused()
    {
        using var file = new OutcomeFile(Path.Combine(_dir, "n.csv"), ["a", "b"], SecretRedactor.None);

        Should.Throw<ArgumentException>(() => file.Append(2, ["only one"])).Message.ShouldStartWith("Expected 2 values, got 1.");
        file.Count.ShouldBe(0);
    }
}
