using System.Text;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>A broken or hostile input CSV is refused with one short line, and a big one is streamed.</summary>
public sealed class CsvBadInputTests : IDisposable
{
    private static readonly CsvColumn[] Email = [new("email")];
    private readonly string _dir = Directory.CreateTempSubdirectory("csv-bad").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteBytes(byte[] content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void ALatin1FileIsRefusedNamingItsFirstBadLine()
    {
        // "jörg" saved as Latin-1: ö is the single byte 0xF6, which is not UTF-8.
        var path = WriteBytes(Encoding.Latin1.GetBytes("email\na@x.com\nj\u00f6rg@x.com\nb@x.com\n"));

        var e = Should.Throw<InputException>(() => EmailInput.Read(path));

        e.Message.ShouldBe($"CSV file '{path}' is not valid UTF-8 (first bad byte on line 3); save it as UTF-8 and try again.");
    }

    [Fact]
    public void TheFileIsRefusedBeforeAnyRowIsReturned()
    {
        var path = WriteBytes([.. "email\na@x.com\nb@x.com\n"u8, 0xC3, (byte)'\n']);

        var e = Should.Throw<InputException>(() => CsvTable.Open(path, Email));

        e.Message.ShouldContain("first bad byte on line 4");
    }

    [Fact]
    public void ACharacterSplitAcrossReadBlocksIsFineAndALaterBadByteIsStillFound()
    {
        // 65,535 bytes, then "é" (2 bytes) straddles the 64 KiB block the check reads in.
        var filler = "email\n" + new string('a', 65_535 - 6 - 1) + "\n";
        var good = Encoding.UTF8.GetBytes(filler + "\u00e9@x.com\n");
        good[65_535].ShouldBe((byte)0xC3);

        CsvTable.Read(WriteBytes(good), Email).Select(r => r.Get("email")).ShouldBe([new string('a', 65_528), "\u00e9@x.com"]);

        byte[] bad = [.. good, .. "ok@x.com\n"u8, .. "x@x.com"u8, 0xE9];
        Should.Throw<InputException>(() => CsvTable.Read(WriteBytes(bad), Email)).Message.ShouldContain("first bad byte on line 5");
    }

    [Fact]
    public async Task APipeIsReadOnceAndABadByteInItIsStillRefused()
    {
        // --csv-file /dev/stdin or <(grep ... leavers.csv): not seekable, so no check ahead of reading.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Uses /proc/self/fd to name a pipe.");

        (await ReadPipeAsync("email\na@x.com\nb@x.com\n"u8.ToArray())).ShouldBe(["a@x.com", "b@x.com"]);
        var e = await Should.ThrowAsync<InputException>(() => ReadPipeAsync([.. "email\nj"u8, 0xF6, .. "rg@x.com\n"u8]));
        e.Message.ShouldContain("is not valid UTF-8");
    }

    private static async Task<List<string?>> ReadPipeAsync(byte[] content)
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        var writing = Task.Run(async () =>
        {
            await pipe.WriteAsync(content);
            pipe.Dispose();
        });
        try
        {
            return [.. CsvTable.Read(path, Email).Select(r => r.Get("email"))];
        }
        finally
        {
            pipe.DisposeLocalCopyOfClientHandle();
            await writing;
        }
    }

    [Fact]
    public void AUtf16FileWithItsByteOrderMarkIsStillRead()
    {
        var path = WriteBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("email\r\nj\u00f6rg@x.com\r\n")]);

        CsvTable.Read(path, Email).Single().Get("email").ShouldBe("j\u00f6rg@x.com");
    }

    [Fact]
    public void AQuoteThatIsNeverClosedIsRefusedRatherThanMergingTheRestOfTheFile()
    {
        var path = WriteBytes("email,name\na@x.com,\"Ann\nb@x.com,Bob\nc@x.com,Cy\n"u8.ToArray());

        var e = Should.Throw<InputException>(() => CsvTable.Read(path, Email));

        e.Message.ShouldBe($"CSV file '{path}' has a quote that is never closed, in the row starting on line 2.");
    }

    [Fact]
    public void BalancedQuotesInsideAnUnquotedCellAreKept()
    {
        var rows = CsvTable.Read(new StringReader("email,name\na@x.com,Jo \"JJ\" Smith\n"), "t.csv", Email, [new CsvColumn("name")]);

        rows.Single().Get("name").ShouldBe("Jo \"JJ\" Smith");
    }

    [Fact]
    public void ARowTooLongToBeRealIsRefusedWithAShortMessage()
    {
        // 17 Mi characters in one cell: past Sep's row limit, so the reader stops instead of growing.
        var huge = new string('x', CsvTable.MaxRowLength + (1024 * 1024));
        var path = Path.Combine(_dir, "huge.csv");
        File.WriteAllText(path, "email\na@x.com\n" + huge + "@x.com\nb@x.com\n");

        var e = Should.Throw<InputException>(() => CsvTable.Read(path, Email));

        e.Message.ShouldBe($"CSV file '{path}' has a row longer than 16,777,216 characters after line 2 (a quote that is never closed?).");
    }

    [Fact]
    public void AHugeHeaderIsShownCutShort()
    {
        var names = string.Join(",", Enumerable.Range(0, 30).Select(i => $"col{i}"));
        var path = Path.Combine(_dir, "header.csv");
        File.WriteAllText(path, new string('h', 1_000_000) + "," + names + "\na,b\n");

        var e = Should.Throw<InputException>(() => CsvTable.Read(path, Email));

        e.Message.Length.ShouldBeLessThan(500);
        e.Message.ShouldContain($"has no 'email' column (header: '{new string('h', 40)}… (1,000,000 characters)', 'col0',");
        e.Message.ShouldEndWith("'col10' and 19 more).");
    }

    [Theory]
    [InlineData("short", 60, "short")]
    [InlineData("two\nlines\tand a tab", 60, "two lines and a tab")]
    [InlineData("abcdefghij", 4, "abcd… (10 characters)")]
    [InlineData(null, 60, "")]
    public void ExcerptKeepsAValueToOneShortLine(string? value, int max, string expected) =>
        CsvTable.Excerpt(value, max).ShouldBe(expected);

    [Fact]
    public void OpenChecksTheHeaderAtOnceAndReadsRowsOnlyAsAsked()
    {
        const int rows = 1_000_000;
        using var source = new GeneratedCsv(rows);
        Should.Throw<InputException>(() => CsvTable.Open(new GeneratedCsv(1), "g.csv", [new CsvColumn("user_id")], []))
            .Message.ShouldContain("has no 'user_id' column");

        using var reader = CsvTable.Open(source, "g.csv", Email, [new CsvColumn("name")]);
        reader.Header.ShouldBe(["email", "name"]);
        using var rowsRead = reader.GetEnumerator();
        rowsRead.MoveNext().ShouldBeTrue();
        rowsRead.Current.Line.ShouldBe(2);

        // The first row is out, and the source has given a small part of its ~30 MB.
        source.CharsRead.ShouldBeLessThan(1_000_000);

        var count = 1;
        var last = rowsRead.Current;
        while (rowsRead.MoveNext())
        {
            count++;
            last = rowsRead.Current;
        }

        count.ShouldBe(rows);
        (last.Line, last.Get("email")).ShouldBe((rows + 1, $"user{rows - 1}@example.com"));
        Should.Throw<InvalidOperationException>(() => reader.GetEnumerator());
    }

    /// <summary>A CSV of <c>n</c> rows made on the fly, counting what was read from it.</summary>
    private sealed class GeneratedCsv(int rows) : TextReader
    {
        private readonly StringBuilder _pending = new("email,name\n");
        private int _next;

        public long CharsRead { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            while (_pending.Length < buffer.Length && _next < rows)
            {
                _pending.Append("user").Append(_next).Append("@example.com,User ").Append(_next).Append('\n');
                _next++;
            }

            var n = Math.Min(buffer.Length, _pending.Length);
            _pending.CopyTo(0, buffer, n);
            _pending.Remove(0, n);
            CharsRead += n;
            return n;
        }
    }
}
