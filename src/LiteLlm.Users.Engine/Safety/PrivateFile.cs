namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// Files that hold what a secret-adjacent record holds (backups: user rows and key metadata; audit
/// logs: who changed what) are created readable and writable by their owner only on Unix (0600,
/// folders 0700), whatever the umask says. An existing file keeps the permissions it has.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Opens <paramref name="path"/> for appending, creating it (and its folder) owner-only when missing.</summary>
    public static FileStream OpenAppend(string path) => Open(path, FileMode.Append);

    /// <summary>Creates <paramref name="path"/> owner-only; throws <see cref="IOException"/> when it already exists.</summary>
    public static FileStream CreateNew(string path) => Open(path, FileMode.CreateNew);

    /// <summary>Creates a folder (and its parents) owner-only when missing.</summary>
    public static void CreateFolder(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerFolder);
        }
    }

    private static FileStream Open(string path, FileMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            CreateFolder(folder);
        }

        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        return new FileStream(path, options);
    }
}
