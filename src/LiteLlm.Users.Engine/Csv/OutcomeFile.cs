using System.Buffers;
using System.Globalization;
using System.Text;
using LiteLlm.Admin.Security;
using Microsoft.Win32.SafeHandles;

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
/// Memory: only where each row lies in the file is kept (16 bytes a row), not the row itself;
/// <see cref="Complete"/> copies the rows from the appended file into sorted order.
/// </remarks>
internal sealed class OutcomeFile : IDisposable
{
    private const int CopyBlock = 64 * 1024;
    private static readonly UTF8Encoding Utf8NoBom = new(false);
    private readonly SecretRedactor _redactor;
    private readonly List<RowSpan> _rows = [];
    private readonly Lock _gate = new();
    private readonly bool _ownerOnly;
    private readonly StringBuilder _text = new();
    private readonly long _headerLength;
    private readonly int _columns;
    private FileStream? _file;
    private long _length;
    private bool _completed;

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
        _columns = header.Count;
        _redactor = redactor ?? SecretRedactor.None;
        _ownerOnly = ownerOnly;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Unbuffered: each row is one write to the OS as soon as it is appended.
        _file = Open(path, FileShare.Read, bufferSize: 0);
        _headerLength = WriteRow(_file, header);
        _length = _headerLength;
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
        if (values.Count != _columns)
        {
            throw new ArgumentException($"Expected {_columns} values, got {values.Count}.", nameof(values));
        }

        var clean = values.Select(v => _redactor.Redact(v ?? string.Empty));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_file is null, this);
            var length = WriteRow(_file, clean);
            _rows.Add(new RowSpan(_length, line, (int)length));
            _length += length;
        }
    }

    /// <summary>Rewrites the file sorted by input line (stable), atomically, and closes it. A second call does nothing.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            Close();
            var order = new int[_rows.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Stable: rows of the same line keep the order they were appended in.
            order.AsSpan().Sort((a, b) => _rows[a].Line != _rows[b].Line ? _rows[a].Line.CompareTo(_rows[b].Line) : a.CompareTo(b));
            var temp = Path + ".tmp";
            using (var source = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var target = Open(temp, FileShare.None, CopyBlock))
            {
                Copy(source, target, 0, _headerLength);

                // Rows that follow each other in the file are copied as one range (the usual case).
                long start = 0;
                long end = 0;
                foreach (var index in order)
                {
                    var row = _rows[index];
                    if (row.Offset != end)
                    {
                        Copy(source, target, start, end - start);
                        start = row.Offset;
                    }

                    end = row.Offset + row.Length;
                }

                Copy(source, target, start, end - start);
            }

            File.Move(temp, Path, overwrite: true);
            _completed = true;
        }
    }

    /// <summary>Creates or truncates <paramref name="path"/> for writing; owner-only when asked (an existing file is tightened too).</summary>
    private FileStream Open(string path, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (_ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var stream = new FileStream(path, options);
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return stream;
        }

        return new FileStream(path, options);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private long WriteRow(FileStream file, IEnumerable<string> values)
    {
        _text.Clear();
        using (var writer = new StringWriter(_text, CultureInfo.InvariantCulture))
        {
            CsvFormat.WriteRow(writer, values);
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Utf8NoBom.GetMaxByteCount(_text.Length));
        try
        {
            var length = 0;
            foreach (var chunk in _text.GetChunks())
            {
                length += Utf8NoBom.GetBytes(chunk.Span, bytes.AsSpan(length));
            }

            file.Write(bytes, 0, length);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Copy(SafeFileHandle source, FileStream target, long offset, long count)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBlock);
        try
        {
            while (count > 0)
            {
                var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(count, CopyBlock)), offset);
                if (read == 0)
                {
                    throw new IOException($"'{target.Name}': the rows file ended early.");
                }

                target.Write(buffer, 0, read);
                offset += read;
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Close()
    {
        _file?.Dispose();
        _file = null;
    }

    /// <summary>Where one appended row lies in the file.</summary>
    // The offset first: 16 bytes a row, not 24 (a million-row error file keeps a million of these).
    private readonly record struct RowSpan(long Offset, int Line, int Length);
}
