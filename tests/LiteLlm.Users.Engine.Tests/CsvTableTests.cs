using System.Text;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Engine.Tests;

public sealed class CsvTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("csv-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string content, bool bom = false)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void ReadsBomCrlfQuotesAndExtraColumnsWithLineNumbers()
    {
        var path = Write("Name,\"EMAIL\",Dept\r\nAnn, \" Ann@Example.com \" ,x\r\n\r\nBob,bob@example.com,\"y,z\"\r\n", bom: true);

        var rows = EmailInput.Read(path).Rows;

        rows.Select(r => (r.Line, r.Email)).ShouldBe([(2, "Ann@Example.com"), (4, "bob@example.com")]);
        rows[0].Key.ShouldBe("ann@example.com");
    }

    [Fact]
    public void FlagsRepeatedEmailsWithTheFirstLine()
    {
        var rows = EmailInput.Read(Write("email\na@x.com\nb@x.com\n A@X.COM \n")).Rows;

        rows.Select(r => r.DuplicateOf).ShouldBe([null, null, 2]);
    }

    [Fact]
    public void SkipsBlankValuesAndRows()
    {
        var rows = EmailInput.Read(Write("email,other\n,x\n  \na@x.com,\n")).Rows;

        rows.Single().Line.ShouldBe(4);
    }

    [Fact]
    public void MissingFileIsAOneLineError()
    {
        var e = Should.Throw<InputException>(() => EmailInput.Read(Path.Combine(_dir, "nope.csv")).Rows);

        e.Message.ShouldBe($"CSV file '{Path.Combine(_dir, "nope.csv")}' not found.");
    }

    [Fact]
    public void MissingEmailColumnNamesTheHeader()
    {
        var path = Write("mail_address,name\na@x.com,A\n");

        var e = Should.Throw<InputException>(() => EmailInput.Read(path).Rows);

        e.Message.ShouldContain("has no 'email' column");
        e.Message.ShouldContain("'mail_address', 'name'");
    }

    [Fact]
    public void HeaderOnlyFileHasNoEmails()
    {
        var path = Write("email\r\n");

        Should.Throw<InputException>(() => EmailInput.Read(path).Rows).Message.ShouldBe($"No emails found in '{path}'.");
    }

    [Fact]
    public void EmptyFileIsAnError()
    {
        Should.Throw<InputException>(() => EmailInput.Read(Write(string.Empty)).Rows).Message.ShouldContain("is empty");
    }

    [Fact]
    public void AcceptsTheAdminUiHeaderName()
    {
        EmailInput.Read(Write("user_email,user_role\na@x.com,internal_user\n")).Rows.Single().Email.ShouldBe("a@x.com");
    }

    [Fact]
    public void LinesOfMultiLineQuotedRecordsPointAtTheRecordStart()
    {
        var rows = CsvTable.Read(Write("email,note\na@x.com,\"two\nlines\"\nb@x.com,x\n"), [new CsvColumn("email")]);

        rows.Select(r => r.Line).ShouldBe([2, 4]);
    }

    [Fact]
    public void ALastMultiLineRecordWithoutAFinalNewlineStillPointsAtItsStart()
    {
        // CsvHelper said line 3 here (it counted from the end of the record).
        var rows = CsvTable.Read(Write("email,note\r\n\"a@x.com\",\"two\r\nlines\""), [new CsvColumn("email")]);

        rows.Single().Line.ShouldBe(2);
    }

    [Fact]
    public void BlankLinesBeforeTheHeaderAndCrOnlyLineEndingsAreFine()
    {
        var rows = CsvTable.Read(Write("\r\n\r\nEmail \ra@x.com\r\rb@x.com\r"), [new CsvColumn("email")]);

        rows.Select(r => (r.Line, r.Get("email"))).ShouldBe([(4, "a@x.com"), (6, "b@x.com")]);
    }

    [Fact]
    public void OfTwoColumnsWithTheSameMeaningTheFirstIsRead()
    {
        var rows = CsvTable.Read(Write("user_email,email\na@x.com,b@x.com\n,c@x.com\n"), [new CsvColumn("email", "user_email")]);

        rows.Select(r => (r.Line, r.Get("email"))).ShouldBe([(2, "a@x.com")]);
    }

    [Fact]
    public void ARecordsValuesAreADictionaryOfTheWantedColumnsOnly()
    {
        var row = CsvTable.Read(Write("Name,EMAIL,dept\nAnn,a@x.com,\n"), [new CsvColumn("email")], [new CsvColumn("dept"), new CsvColumn("team")]).Single();

        row.Values.Count.ShouldBe(2);
        row.Values.Keys.ShouldBe(["email", "dept"]);
        row.Values["email"].ShouldBe("a@x.com");
        row.Values.ContainsKey("Name").ShouldBeFalse();
        row.Values.TryGetValue("team", out _).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => row.Values["team"]);
        row.Get("dept").ShouldBeNull();
        row.Values.ToDictionary().ShouldBe(new Dictionary<string, string> { ["email"] = "a@x.com", ["dept"] = string.Empty });
    }
}
