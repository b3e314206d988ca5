using System.Text;
using LiteLlm.Admin.Security;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// One output CSV (a result or an error file). The file is created (truncated) when the run
/// starts, so no stale file from an earlier run survives; each row is appended and flushed as soon
/// as it is known, so a crash keeps what was done; <see cref="Complete"/> finally rewrites the file
/// in input-line order, so the finished file does not depend on the order work completed in.
/// </summary>
/// <remarks>
/// Format (a contract, pinned by golden tests): <see cref="CsvFormat"/> — RFC 4180, comma, fields
/// quoted only when needed, CRLF line endings (as RFC 4180 and the original Python scripts), cells
/// starting with = + - @ tab or CR prefixed with ' so a spreadsheet does not run them as formulas
/// (OWASP CSV injection) — in UTF-8 without BOM. Every cell passes through the secret redactor.
/// </remarks>
public sealed class OutcomeFile : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);
    private readonly string[] _header;
    private readonly SecretRedactor _redactor;
    private readonly List<(int Line, long Order, string[] Values)> _rows = [];
    private readonly Lock _gate = new();
    private StreamWriter? _writer;
    private long _order;

    /// <summary>Creates (truncates) the file and writes its header.</summary>
    public OutcomeFile(string path, IReadOnlyList<string> header, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        Path = path;
        _header = [.. header];
        _redactor = redactor ?? SecretRedactor.None;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), Utf8NoBom);
        CsvFormat.WriteRow(_writer, _header);
        _writer.Flush();
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>Rows written so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Appends one row for input line <paramref name="line"/> and flushes it to disk.</summary>
    public void Append(int line, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _header.Length)
        {
            throw new ArgumentException($"Expected {_header.Length} values, got {values.Count}.", nameof(values));
        }

        var clean = values.Select(v => _redactor.Redact(v ?? string.Empty)).ToArray();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_writer is null, this);
            _rows.Add((line, _order++, clean));
            CsvFormat.WriteRow(_writer, clean);
            _writer.Flush();
        }
    }

    /// <summary>Rewrites the file sorted by input line (stable), atomically, and closes it.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            Close();
            var temp = Path + ".tmp";
            using (var writer = new StreamWriter(temp, append: false, Utf8NoBom))
            {
                CsvFormat.WriteRow(writer, _header);
                foreach (var row in _rows.OrderBy(r => r.Line).ThenBy(r => r.Order))
                {
                    CsvFormat.WriteRow(writer, row.Values);
                }
            }

            File.Move(temp, Path, overwrite: true);
        }
    }

    private void Close()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }
}
