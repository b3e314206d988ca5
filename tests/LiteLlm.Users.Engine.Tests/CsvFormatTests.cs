using System.Text;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The bytes of every CSV the tool writes: a contract (golden files depend on it).</summary>
public sealed class CsvFormatTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a@x.com", "a@x.com")]
    [InlineData("has, a comma", "\"has, a comma\"")]
    [InlineData("has \"quotes\"", "\"has \"\"quotes\"\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("padded ", "\"padded \"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("x=1", "x=1")]
    [InlineData("it's", "it's")]
    [InlineData("a\tb", "a\tb")]
    public void QuotesOnlyWhenNeeded(string value, string expected) => CsvFormat.Field(value).ShouldBe(expected);

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\rx", "\"'\rx\"")]
    public void FormulaCellsArePrefixedAndQuoted(string value, string expected) => CsvFormat.Field(value).ShouldBe(expected);

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void ALoneLineBreakIsQuotedSoTheRowReadsBackWhole(string value)
    {
        // The library used before left these unquoted, which split the row in two when read back.
        var text = new StringWriter();
        CsvFormat.WriteRow(text, ["email", "note"]);
        CsvFormat.WriteRow(text, ["a@x.com", value]);
        CsvFormat.WriteRow(text, ["b@x.com", "ok"]);

        text.ToString().ShouldBe($"email,note\r\na@x.com,\"{value}\"\r\nb@x.com,ok\r\n");
        var rows = CsvTable.Read(new StringReader(text.ToString()), "t.csv", [new CsvColumn("email")], [new CsvColumn("note")]);
        rows.Select(r => (r.Line, r.Get("email"), r.Get("note"))).ShouldBe([(2, "a@x.com", value), (4, "b@x.com", "ok")]);
    }

    [Fact]
    public void RowsEndWithCrlfAndNullsAreEmpty()
    {
        var text = new StringWriter();
        CsvFormat.WriteRow(text, ["a", null, "c"]);

        text.ToString().ShouldBe("a,,c\r\n");
    }

    [Fact]
    public void DefuseOnlyPrefixesFormulaCells()
    {
        CsvFormat.Defuse("=1+1").ShouldBe("'=1+1");
        CsvFormat.Defuse("-5").ShouldBe("'-5");
        CsvFormat.Defuse("a=1").ShouldBe("a=1");
        CsvFormat.Defuse(string.Empty).ShouldBe(string.Empty);
    }

    [Fact]
    public void WhatIsWrittenReadsBackToTheSameValues()
    {
        string[] values = ["plain", "has, comma", "has \"quote\"", "multi\r\nline", "é ü 日本", "x"];
        var text = new StringWriter();
        CsvFormat.WriteRow(text, ["email", "note"]);
        foreach (var value in values)
        {
            CsvFormat.WriteRow(text, ["u@x.com", value]);
        }

        var bytes = new UTF8Encoding(false).GetBytes(text.ToString());
        var rows = CsvTable.Read(new StringReader(Encoding.UTF8.GetString(bytes)), "t.csv", [new CsvColumn("email")], [new CsvColumn("note")]);

        rows.Select(r => r.Get("note")).ShouldBe(values);
        rows.Select(r => r.Line).ShouldBe([2, 3, 4, 5, 7, 8]);
    }
}
