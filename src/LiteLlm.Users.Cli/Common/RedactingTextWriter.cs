using System.Text;
using LiteLlm.Admin.Security;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// A writer that scrubs the master key from everything written through it, line by line, so no
/// output of the tool can carry the key, whatever produced the text. The redactor is set once the
/// key is known.
/// </summary>
public sealed class RedactingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RedactingTextWriter(TextWriter inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>
    /// The wrapped writer, for the live progress display only: it redraws with cursor moves that a
    /// line buffer would hold back, and it shows counts, never text that could carry a secret.
    /// </summary>
    public TextWriter Inner => _inner;

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

        _inner.Write(Redactor.Redact(_line.ToString()));
        _line.Clear();
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
