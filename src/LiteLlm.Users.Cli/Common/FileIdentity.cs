using System.Runtime.InteropServices;
using System.Text;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Whether two paths name the same file: the same full path once every symbolic link on the way is
/// resolved, or — where both exist — the same device and inode (a hard link, a bind mount, a path
/// through a link the walk could not see). Used by <see cref="PathClash"/>.
/// </summary>
internal static class FileIdentity
{
    private const int StatBufferSize = 512;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> (full paths) are the same file or folder.</summary>
    public static bool Same(string a, string b) =>
        string.Equals(Resolve(a), Resolve(b), PathComparison) || (Id(a) is { } x && Id(b) is { } y && x == y);

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies anywhere below it.</summary>
    public static bool Inside(string path, string folder)
    {
        var prefix = Resolve(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if ((Resolve(path) + Path.DirectorySeparatorChar).StartsWith(prefix, PathComparison))
        {
            return true;
        }

        // The folder reached another way (a hard-linked or bind-mounted folder): compare each existing parent's identity.
        for (var parent = Path.GetFullPath(path); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Id(parent) is { } id && Id(folder) is { } target && id == target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The full path with every symbolic link on the way replaced by its target (parts that do not exist yet are kept as written).</summary>
    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), depth: 0);

    private static string Resolve(string full, int depth)
    {
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (depth < 40 && info.Exists && info.LinkTarget is not null)
            {
                try
                {
                    if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                    {
                        // The target may itself sit below links: resolve it again, then go on below it.
                        next = Resolve(Path.GetFullPath(target.FullName), depth + 1);
                    }
                }
                catch (IOException)
                {
                    // A link loop or an unreadable link: compare the path as written.
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>Device and inode of an existing file (Linux, macOS); null when it does not exist or they cannot be read.</summary>
    private static (ulong Device, ulong Inode)? Id(string path)
    {
        if (OperatingSystem.IsWindows() || !(File.Exists(path) || Directory.Exists(path)))
        {
            return null;
        }

        try
        {
            var buffer = new byte[StatBufferSize];
            if (Stat(Encoding.UTF8.GetBytes(path + "\0"), buffer) != 0)
            {
                return null;
            }

            // struct stat: Linux x64 and arm64 start with st_dev (8 bytes) then st_ino (8 bytes);
            // macOS with st_dev (4 bytes), st_mode and st_nlink (2 bytes each), then st_ino (8 bytes).
            var device = OperatingSystem.IsMacOS() ? BitConverter.ToUInt32(buffer, 0) : BitConverter.ToUInt64(buffer, 0);
            return (device, BitConverter.ToUInt64(buffer, 8));
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An old C library without a stat symbol: the resolved paths decide.
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat(byte[] path, byte[] buffer);
}
