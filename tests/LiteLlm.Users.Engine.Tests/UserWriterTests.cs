using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.List;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>A listing opened in a spreadsheet must not run a user's alias as a formula, in CSV or TSV.</summary>
public sealed class UserWriterTests
{
    private static readonly LiteLlmUser Hostile = new()
    {
        UserId = "u-1",
        UserEmail = "ann@example.com",
        UserAlias = "=HYPERLINK(\"http://evil\",\"x\")",
        UserRole = "-internal_user",
    };

    private static string Write(ListFormat format)
    {
        using var text = new StringWriter();
        using (var writer = UserWriter.For(format, text, ["user_id", "user_alias", "user_role", "user_email"]))
        {
            writer.Begin();
            writer.Write(Hostile);
            writer.Complete();
        }

        return text.ToString();
    }

    [Fact]
    public void TsvEscapesFormulaCellsLikeCsv()
    {
        Write(ListFormat.Tsv).ShouldBe(
            "user_id\tuser_alias\tuser_role\tuser_email\n" +
            "u-1\t'=HYPERLINK(\"http://evil\",\"x\")\t'-internal_user\tann@example.com\n");
    }

    [Fact]
    public void CsvEscapesAndQuotesFormulaCells()
    {
        Write(ListFormat.Csv).ShouldBe(
            "user_id,user_alias,user_role,user_email\r\n" +
            "u-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",\"'-internal_user\",ann@example.com\r\n");
    }

    [Fact]
    public void TsvStillTurnsTabsAndLineBreaksIntoSpacesAndALeadingTabIsNoFormula()
    {
        using var text = new StringWriter();
        using (var writer = UserWriter.For(ListFormat.Tsv, text, ["user_alias"]))
        {
            writer.Write(new LiteLlmUser { UserId = "u", UserAlias = "\ta\r\nb" });
        }

        text.ToString().ShouldBe(" a  b\n");
    }
}
