using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using LiteLlm.Admin.Security;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// One output CSV (a result or an error file). The file is created (truncated) when the run
/// starts, so no stale file from an earlier run survives; each row is appended and flushed as soon
/// as it is known, so a crash keeps what was done; <see cref="Complete"/> finally rewrites the file
/// in input-line order, so the finished file does not depend on the order work completed in.
/// </summary>
/// <remarks>
/// Format (a contract, pinned by golden tests): RFC 4180, comma, fields quoted only when needed,
/// CRLF line endings (as RFC 4180 and the original Python scripts), UTF-8 without BOM, invariant
/// culture. Cells starting with = + - @ tab or CR are prefixed with ' so a spreadsheet does not run
/// them as formulas (OWASP CSV injection). Every cell passes through the secret redactor.
/// </remarks>
public sealed class OutcomeFile : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);
    private readonly string[] _header;
    private readonly SecretRedactor _redactor;
    private readonly List<(int Line, long Order, string[] Values)> _rows = [];
    private readonly Lock _gate = new();
    private readonly bool _ownerOnly;
    private StreamWriter? _writer;
    private CsvWriter? _csv;
    private long _order;

    /// <summary>Creates (truncates) the file and writes its header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="header">Its columns.</param>
    /// <param name="redactor">Scrubs every cell.</param>
    /// <param name="ownerOnly">Create it, and the sorted copy that replaces it at the end, readable by the owner only (0600 on Unix), whatever the umask.</param>
    public OutcomeFile(string path, IReadOnlyList<string> header, SecretRedactor redactor, bool ownerOnly = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        Path = path;
        _header = [.. header];
        _redactor = redactor ?? SecretRedactor.None;
        _ownerOnly = ownerOnly;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(Open(path), Utf8NoBom);
        _csv = new CsvWriter(_writer, Configuration, leaveOpen: true);
        WriteRow(_csv, _header);
        _csv.Flush();
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

    /// <summary>CsvHelper settings shared by every output file.</summary>
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
    };

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
            ObjectDisposedException.ThrowIf(_csv is null || _writer is null, this);
            _rows.Add((line, _order++, clean));
            WriteRow(_csv, clean);
            _csv.Flush();
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
            using (var writer = new StreamWriter(Open(temp), Utf8NoBom))
            using (var csv = new CsvWriter(writer, Configuration))
            {
                WriteRow(csv, _header);
                foreach (var row in _rows.OrderBy(r => r.Line).ThenBy(r => r.Order))
                {
                    WriteRow(csv, row.Values);
                }
            }

            File.Move(temp, Path, overwrite: true);
        }
    }

    /// <summary>Creates or truncates <paramref name="path"/>; owner-only when asked (an existing file is tightened too).</summary>
    private FileStream Open(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read };
        if (_ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var stream = new FileStream(path, options);
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return stream;
        }

        return new FileStream(path, options);
    }

    private static void WriteRow(CsvWriter csv, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            csv.WriteField(value);
        }

        csv.NextRecord();
    }

    private void Close()
    {
        _csv?.Dispose();
        _csv = null;
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
