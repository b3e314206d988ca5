namespace LiteLlm.Sandbox.Tests;

/// <summary>The seed CSV reader that replaced CsvHelper (the sandbox is compiled ahead of time).</summary>
public sealed class SeedCsvTests
{
    [Fact]
    public void QuotedFields_KeepCommasQuotesAndLineBreaks_AndCrlfAndBlankLinesAreHandled()
    {
        // Arrange
        const string text = "user_email,user_alias\r\n\"a@example.com\",\"Smith, \"\"Ann\"\"\nJr\"\r\n\r\nb@example.com,\n";

        // Act
        var records = SeedCsv.Records(new StringReader(text)).ToList();

        // Assert
        records.Count.ShouldBe(3);
        records[1].ShouldBe(["a@example.com", "Smith, \"Ann\"\nJr"]);
        records[2].ShouldBe(["b@example.com", ""]);
    }

    [Fact]
    public void AnUnclosedQuote_IsAFormatError() =>
        Should.Throw<FormatException>(() => SeedCsv.Records(new StringReader("user_email\n\"open")).ToList());

    [Fact]
    public void ASeedFileWithABomAndQuotedTeams_Loads()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "User_Email , user_id,teams\n\"c@example.com\",u-c,\"t1; t2\"\n", new System.Text.UTF8Encoding(true));
        var store = new SandboxStore();

        // Act
        try
        {
            store.LoadSeedFile(path);
        }
        finally
        {
            File.Delete(path);
        }

        // Assert
        store.FindUser("u-c")!.UserEmail.ShouldBe("c@example.com");
        store.FindUser("u-c")!.Teams.ShouldBe(["t1", "t2"]);
    }
}
