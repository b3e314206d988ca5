using System.Text;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// The terminal a person watches, shared by stdout and stderr when both are on it: it owns the one
/// live status line (the progress of a run) drawn at the bottom, and keeps it out of the way of
/// everything else. A line printed while the status shows first erases it, is written whole (the
/// terminal wraps a long line; nothing is cut), and the status is drawn again below it. A prompt
/// <see cref="Hold"/>s the screen: the status is erased and not drawn until the answer is in, so the
/// question stays visible and no stale progress frame is ever left on screen.
/// </summary>
/// <remarks>
/// The status is a single line kept shorter than the terminal's width, so it never wraps and one
/// carriage return plus "erase line" (<c>CR ESC[2K</c>) always removes it completely; no cursor moves
/// up over text that others wrote. It is the only text the tool writes with escape sequences.
/// </remarks>
public sealed class TerminalScreen
{
    private const string EraseLine = "\r\u001b[2K";
    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly Lock _gate = new();
    private string? _status;
    private bool _drawn;
    private bool _atLineStart = true;
    private int _holds;

    /// <summary>Creates the screen over the terminal writer (stderr) and the terminal's width in columns.</summary>
    public TerminalScreen(TextWriter terminal, Func<int> width)
    {
        _terminal = terminal ?? throw new ArgumentNullException(nameof(terminal));
        _width = width ?? throw new ArgumentNullException(nameof(width));
    }

    /// <summary>Whether the status line is on screen now (tests).</summary>
    public bool StatusShown
    {
        get
        {
            lock (_gate)
            {
                return _drawn;
            }
        }
    }

    /// <summary>
    /// Writes text that is not the status (a log line, a summary, a question) to <paramref name="target"/>,
    /// the stream it belongs to: the status is erased first and drawn again once the text ends a line.
    /// </summary>
    public void Write(TextWriter target, string text)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        lock (_gate)
        {
            Erase();
            target.Write(text);
            target.Flush();
            _atLineStart = text[^1] == '\n';
            Draw();
        }
    }

    /// <summary>Shows <paramref name="status"/> as the live line (replacing the last one); null removes it.</summary>
    public void SetStatus(string? status)
    {
        lock (_gate)
        {
            _status = status is null ? null : Fit(status);
            Erase();
            Draw();
        }
    }

    /// <summary>
    /// Keeps the status off the screen until the returned handle is disposed (a prompt waits for an
    /// answer): the question written meanwhile stays where the person can read it.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            _holds++;
            Erase();
        }

        return new Release(this);
    }

    /// <summary>The person ended the current line (the terminal echoed the Enter of an answer).</summary>
    public void LineEnded()
    {
        lock (_gate)
        {
            _atLineStart = true;
        }
    }

    private void Unhold()
    {
        lock (_gate)
        {
            _holds--;
            Draw();
        }
    }

    private void Erase()
    {
        if (_drawn)
        {
            _terminal.Write(EraseLine);
            _terminal.Flush();
            _drawn = false;
        }
    }

    private void Draw()
    {
        if (_status is null || _holds > 0 || !_atLineStart || _drawn)
        {
            return;
        }

        _terminal.Write(_status);
        _terminal.Flush();
        _drawn = true;
    }

    /// <summary>One line that never wraps: shorter than the width, printable, cut with an ellipsis.</summary>
    private string Fit(string status)
    {
        var width = Math.Max(10, _width());
        var text = Printable.Escape(status);
        if (text.Length < width)
        {
            return text;
        }

        var builder = new StringBuilder(text, 0, width - 2, width);
        return builder.Append('…').ToString();
    }

    private sealed class Release(TerminalScreen screen) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                screen.Unhold();
            }
        }
    }
}
