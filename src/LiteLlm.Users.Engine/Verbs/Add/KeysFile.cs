using System.Text;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>
/// The one place key secrets are written: a separate CSV (<c>email,user_id,key_alias,key</c>) that
/// only its owner may read (mode 0600 on Unix, set when the file is created, so the secret is never
/// readable by others even for a moment). It is appended to, never truncated: an earlier run's keys
/// are the only copy of those secrets. Each row is flushed at once, so a crash loses no key.
/// </summary>
internal sealed class KeysFile : IDisposable
{
    /// <summary>The columns.</summary>
    public static readonly IReadOnlyList<string> Header = ["email", "user_id", "key_alias", "key"];

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Opens (or creates, owner-only) the file.</summary>
    public KeysFile(string path, IRunLog log)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(log);
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Others) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
            log.Warn($"{path} could be read by other users; it is now owner-only (0600).");
        }

        if (File.Exists(path))
        {
            // The user ids already there (an interrupted run's keys): only the id column is kept.
            foreach (var record in CsvTable.Read(path, [new CsvColumn("user_id")]))
            {
                _users.Add(record.Get("user_id") ?? string.Empty);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var stream = new FileStream(path, options);
        _writer = new StreamWriter(stream, new UTF8Encoding(false));
        if (stream.Length == 0)
        {
            WriteRow(Header);
        }
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>Keys written by this run.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the file holds a key of this user (written by this run or an earlier one).</summary>
    public bool Contains(string userId)
    {
        lock (_gate)
        {
            return _users.Contains(userId);
        }
    }

    /// <summary>Appends a key and flushes it to disk.</summary>
    public void Append(string email, string userId, string? keyAlias, string key)
    {
        lock (_gate)
        {
            WriteRow([email, userId, keyAlias ?? string.Empty, key]);
            _users.Add(userId);
            _count++;
        }
    }

    private void WriteRow(IEnumerable<string> values)
    {
        CsvFormat.WriteRow(_writer, values);
        _writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
    }
}
