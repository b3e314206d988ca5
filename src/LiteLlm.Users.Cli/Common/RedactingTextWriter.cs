using System.Text;
using LiteLlm.Admin.Security;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// A writer that scrubs the master key from everything written through it, line by line, so no
/// output of the tool can carry the key, whatever produced the text. The redactor is set once the
/// key is known. For a person (stdout and stderr, unless a command writes data there) it also shows
/// every control character but the line feed escaped (<see cref="Printable"/>), so no text that
/// reaches the terminal can carry an escape sequence; and on a terminal it writes through the
/// <see cref="TerminalScreen"/>, which keeps the live status line out of the way.
/// </summary>
public sealed class RedactingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">Where the text goes.</param>
    /// <param name="forPerson">
    /// True (stdout, stderr): control characters are shown escaped. False for data (a CSV or JSON
    /// listing to a pipe or a file), which must stay byte-exact.
    /// </param>
    public RedactingTextWriter(TextWriter inner, bool forPerson = true)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ForPerson = forPerson;
    }

    /// <summary>The wrapped writer.</summary>
    public TextWriter Inner => _inner;

    /// <summary>Whether control characters are shown escaped (text for a person) or kept (data).</summary>
    public bool ForPerson { get; }

    /// <summary>The terminal this writer prints on, shared with the other stream on it; null when it is not a terminal.</summary>
    public TerminalScreen? Screen { get; set; }

    /// <summary>The redactor in force.</summary>
    public SecretRedactor Redactor { get; set; } = SecretRedactor.None;

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
            {
                FlushLine();
            }
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                FlushLine();
            }
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_gate)
        {
            FlushLine();
            _inner.Flush();
        }
    }

    private void FlushLine()
    {
        if (_line.Length == 0)
        {
            return;
        }

        var text = Redactor.Redact(_line.ToString());
        _line.Clear();
        if (ForPerson)
        {
            text = Printable.Escape(text, keepLineFeeds: true);
        }

        if (Screen is { } screen)
        {
            screen.Write(_inner, text);
        }
        else
        {
            _inner.Write(text);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
