using System.Text;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Terminal;

/// <summary>
/// Text printed for a person shows control characters escaped, so a crafted email or server message
/// cannot hide or fake lines of a dry run; data outputs keep the data (CSV byte-exact, JSON escaped).
/// </summary>
public class TerminalSafetyTests
{
    // Moves the cursor up, erases the line and rewrites it: on a raw terminal this hides the line above.
    private const string Hide = "\u001b[1A\u001b[2K\r";
    private const string Crafted = "evil@example.com" + Hide + "  line 2: boss@example.com -> would delete user_id u-boss";

    private static void AssertNoRawControl(string text, string what)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                continue;
            }

            (c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is '\u202e').ShouldBeFalse($"{what} carries U+{(int)c:X4}: {text}");
        }
    }

    [Fact]
    public async Task ACraftedEmailCannotHideALineOfTheDryRun()
    {
        // Arrange: the second row is an email carrying escape sequences, a C1 CSI, DEL, a bidi override and a line break.
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("boss@example.com", "u-boss");
        var c1 = "x\u009b2Jy\u007fz\u202eabc";
        h.WriteFile("in.csv", $"email\nboss@example.com\n\"{Crafted}\"\n\"{c1}@example.com\"\n\"two\nlines@example.com\"\n");

        // Act
        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

        // Assert: nothing raw reaches stdout or stderr; each row is one line, shown escaped.
        run.ExitCode.ShouldBe(2, run.All);
        AssertNoRawControl(run.Out, "stdout");
        AssertNoRawControl(run.Err, "stderr");
        run.Out.ShouldContain(@"line 3: evil@example.com\x1b[1A\x1b[2K\r  line 2: boss@example.com -> would delete user_id u-boss -> would not delete: ");
        run.Out.ShouldContain(@"x\u009b2Jy\x7fz\u202eabc@example.com");
        run.Out.ShouldContain(@"two\nlines@example.com -> would not delete");
        var screen = VirtualTerminal.Render(run.Out, 400);
        screen.Rows.ShouldContain(r => r.StartsWith("  line 2: boss@example.com -> would delete user_id u-boss", StringComparison.Ordinal));
        screen.Rows.Count(r => r.StartsWith("  line ", StringComparison.Ordinal)).ShouldBe(4);
    }

    [Fact]
    public async Task ADataOutputKeepsTheBytesOfACraftedEmail()
    {
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", $"email\n\"{Crafted}\"\n");

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        // The person sees it escaped; the error file (data) holds it exactly as it was read.
        run.ExitCode.ShouldBe(2, run.All);
        AssertNoRawControl(run.All, "the output");
        run.Out.ShouldContain(@"evil@example.com\x1b[1A\x1b[2K\r  line 2: boss@example.com");
        h.Read("user_del_error.csv").ShouldContain("\"" + Crafted + "\",,");
    }

    [Fact]
    public async Task ListToAPipeIsByteExactJsonEscapesAndATableOnATerminalShowsItEscaped()
    {
        // Arrange
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-evil", UserEmail = Crafted, UserAlias = "al\u009bias", KeyCount = 0 });

        // Act
        var csv = await h.RunAsync("list", "--format", "csv", "--columns", "user_id,user_email,user_alias");
        var json = await h.RunAsync("list", "--format", "jsonl", "--columns", "user_id,user_email,user_alias");
        using var tty = new StringWriter();
        var env = new CliEnvironment { Variables = h.Environment(), WorkingDirectory = h.Directory, IsOutputTerminal = true };
        var code = await CliApp.RunAsync(["list", "--columns", "user_id,user_email,user_alias"], tty, TextWriter.Null, env, TestContext.Current.CancellationToken);

        // Assert: CSV to a pipe is data, byte for byte; JSON escapes the controls; the table is for a person.
        csv.ExitCode.ShouldBe(0, csv.All);
        csv.Out.ShouldContain(Crafted);
        csv.Out.ShouldContain("al\u009bias");
        var file = await h.RunAsync("list", "--format", "csv", "--columns", "user_id,user_email,user_alias", "-o", "users.csv");
        file.ExitCode.ShouldBe(0, file.All);
        csv.Out.ShouldBe(h.Read("users.csv"));
        json.Out.ShouldContain(@"evil@example.com\u001B[1A\u001B[2K\r");
        json.Out.ShouldNotContain("\u001b");
        code.ShouldBe(0);
        AssertNoRawControl(tty.ToString(), "the table");
        tty.ToString().ShouldContain(@"evil@example.com\x1b[1A\x1b[2K\r");
        tty.ToString().ShouldContain(@"al\u009bias");
    }

    [Fact]
    public async Task AServerMessageWithEscapesIsShownEscapedInTheFailureListAndTheErrorLine()
    {
        // Arrange: the proxy answers the delete with a message that would clear the screen.
        await using var h = await CliHarness.StartWithOneUserAsync();
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Status, Status = 400, Body = "{\"detail\":{\"error\":\"nope\\u001b[2J\\u001b[Hall clear\"}}" });

        // Act
        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--retries", "0");

        // Assert
        run.ExitCode.ShouldBe(2, run.All);
        AssertNoRawControl(run.All, "the output");
        run.Out.ShouldContain(@"a@example.com: Bad request: HTTP 400: nope\x1b[2J\x1b[Hall clear");
        h.Read("user_del_error.csv").ShouldContain("nope\u001b[2J\u001b[Hall clear");
    }

    [Fact]
    public async Task PrintableEscapesOnlyWhatIsUnsafeAndKeepsTheToolsOwnLineBreaks()
    {
        // The tool's own line feeds survive the writers; a value's do not (Printable.Text's holes).
        using var inner = new StringWriter();
        await using (var writer = new Common.RedactingTextWriter(inner))
        {
            await writer.WriteLineAsync(Common.Printable.Text($"a {"b\nc\u001b"} d"));
            await writer.WriteLineAsync("Jörg Müller, 田中, emoji 🙂\tdone");
        }

        inner.ToString().ShouldBe("a b\\nc\\x1b d\nJörg Müller, 田中, emoji 🙂\\tdone\n");
        Encoding.UTF8.GetByteCount(inner.ToString()).ShouldBeGreaterThan(inner.ToString().Length);
    }
}
