using System.Text;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>
/// What a person would see: a tiny VT100 screen that replays what the CLI wrote to a terminal (stdout
/// and stderr interleaved, as on one tty with ONLCR). It knows printable text, CR, LF, the deferred
/// line wrap at the right margin, and the few CSI sequences a terminal program uses to redraw
/// (erase line, erase to end of line, cursor up/down, column, show/hide cursor). Any other escape
/// sequence fails the test: the tool must never send one it did not mean to.
/// </summary>
public sealed class VirtualTerminal
{
    private readonly List<StringBuilder> _rows = [new()];
    private readonly List<bool> _wrapped = [false];
    private int _row;
    private int _column;
    private bool _wrapPending;

    public VirtualTerminal(int width) => Width = width;

    public int Width { get; }

    /// <summary>Replays <paramref name="text"/> on a fresh screen.</summary>
    public static VirtualTerminal Render(string text, int width)
    {
        var terminal = new VirtualTerminal(width);
        terminal.Feed(text);
        return terminal;
    }

    /// <summary>The screen's rows (scrollback included), trailing blanks trimmed.</summary>
    public IReadOnlyList<string> Rows => [.. _rows.Select(r => r.ToString().TrimEnd())];

    /// <summary>The rows with the ones the terminal wrapped joined back: the lines as written.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var lines = new List<string>();
            for (var i = 0; i < _rows.Count; i++)
            {
                var text = _wrapped[i] ? _rows[i].ToString() : _rows[i].ToString().TrimEnd();
                if (i > 0 && _wrapped[i - 1])
                {
                    lines[^1] += text;
                }
                else
                {
                    lines.Add(text);
                }
            }

            return lines;
        }
    }

    /// <summary>The screen as text (rows joined by newlines).</summary>
    public string Screen => string.Join('\n', Rows).TrimEnd('\n');

    public void Feed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    _column = 0;
                    _wrapPending = false;
                    break;
                case '\n':
                    // A tty's ONLCR: LF starts the next line at column 0.
                    NextRow(wrapped: false);
                    _column = 0;
                    break;
                case '\u001b':
                    i = Escape(text, i);
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        throw new InvalidOperationException($"The terminal received control character U+{(int)c:X4} at {i}: '{Excerpt(text, i)}'");
                    }

                    Put(c);
                    break;
            }
        }
    }

    private void Put(char c)
    {
        if (_wrapPending)
        {
            _wrapped[_row] = true;
            NextRow(wrapped: false);
            _column = 0;
            _wrapPending = false;
        }

        var row = _rows[_row];
        while (row.Length < _column)
        {
            row.Append(' ');
        }

        if (_column < row.Length)
        {
            row[_column] = c;
        }
        else
        {
            row.Append(c);
        }

        _column++;
        if (_column == Width)
        {
            _column = Width - 1;
            _wrapPending = true;
        }
    }

    private void NextRow(bool wrapped)
    {
        _wrapPending = false;
        _row++;
        if (_row == _rows.Count)
        {
            _rows.Add(new StringBuilder());
            _wrapped.Add(wrapped);
        }
    }

    private int Escape(string text, int start)
    {
        if (start + 1 >= text.Length || text[start + 1] != '[')
        {
            throw new InvalidOperationException($"The terminal received an escape sequence that is not CSI: '{Excerpt(text, start)}'");
        }

        var end = start + 2;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is ';' or '?'))
        {
            end++;
        }

        if (end >= text.Length)
        {
            throw new InvalidOperationException("The output ends inside an escape sequence.");
        }

        var parameters = text[(start + 2)..end];
        var n = int.TryParse(parameters, out var value) ? value : 0;
        switch (text[end])
        {
            case 'K' when n == 2:
                _rows[_row].Clear();
                _wrapped[_row] = false;
                break;
            case 'K' when n == 0:
                if (_rows[_row].Length > _column)
                {
                    _rows[_row].Length = _column;
                }

                break;
            case 'A':
                _row = Math.Max(0, _row - Math.Max(1, n));
                _wrapPending = false;
                break;
            case 'B':
                for (var k = 0; k < Math.Max(1, n); k++)
                {
                    NextRow(wrapped: false);
                }

                break;
            case 'G':
                _column = Math.Max(0, Math.Min(Width - 1, n - 1));
                _wrapPending = false;
                break;
            case 'l' or 'h' when parameters == "?25":
                break;
            default:
                throw new InvalidOperationException($"The terminal received an unexpected sequence: '{Excerpt(text, start)}'");
        }

        return end;
    }

    private static string Excerpt(string text, int at) =>
        text.Substring(Math.Max(0, at - 20), Math.Min(60, text.Length - Math.Max(0, at - 20))).Replace("\u001b", "\\e", StringComparison.Ordinal);
}

/// <summary>
/// One tty for a test: stdout and stderr of the CLI both write into it, in order, and a person's
/// typing is echoed into it (as a terminal in cooked mode does) when the CLI reads a line.
/// </summary>
public sealed class TestTerminal : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public TestTerminal(int width) => Width = width;

    public int Width { get; }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Everything written so far.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>What the screen shows now.</summary>
    public VirtualTerminal Render() => VirtualTerminal.Render(Text, Width);

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    /// <summary>A keyboard: at each line read, notes the screen (what the person sees while asked), then types <paramref name="answers"/> in turn, echoed.</summary>
    public Keyboard Type(params string[] answers) => new(this, answers);

    public sealed class Keyboard(TestTerminal terminal, string[] answers) : TextReader
    {
        private int _next;

        /// <summary>The screen at each moment the CLI waited for a line.</summary>
        public List<VirtualTerminal> ScreensWhileWaiting { get; } = [];

        /// <summary>The raw output written before each wait.</summary>
        public List<string> TextBeforeWaiting { get; } = [];

        public override string? ReadLine()
        {
            TextBeforeWaiting.Add(terminal.Text);
            ScreensWhileWaiting.Add(terminal.Render());
            if (_next >= answers.Length)
            {
                return null;
            }

            var answer = answers[_next++];
            terminal.Write(answer + "\n");
            return answer;
        }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());

        public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());
    }
}
