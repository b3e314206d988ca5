namespace LiteLlm.Users.Cli.Common;

/// <summary>How a command uses a file its options name.</summary>
public enum FileUseKind
{
    /// <summary>Only read (the input CSV, a plan, a backup, a key file).</summary>
    Read,

    /// <summary>Created, replaced or appended to (a result, error, plan, summary, audit, journal or keys file).</summary>
    Written,

    /// <summary>A folder the command writes new files into (the backup folder): no other file may be written there.</summary>
    Folder,
}

/// <summary>A file (or folder) a command uses, named after the option that gives it.</summary>
/// <param name="Name">How the operator knows it: the option (<c>--result-file</c>) or what it is (<c>the journal of --result-file</c>).</param>
/// <param name="Path">The full path.</param>
/// <param name="Kind">How it is used.</param>
public sealed record FileUse(string Name, string Path, FileUseKind Kind)
{
    /// <summary>A file only read.</summary>
    public static FileUse Reads(string name, string path) => new(name, path, FileUseKind.Read);

    /// <summary>A file written.</summary>
    public static FileUse Writes(string name, string path) => new(name, path, FileUseKind.Written);

    /// <summary>A folder the command writes new files into.</summary>
    public static FileUse Folder(string name, string path) => new(name, path, FileUseKind.Folder);

    /// <summary>
    /// An output file and the files the run keeps beside it: the journal (for a result file) and the
    /// temporary copy written when the file is sorted at the end.
    /// </summary>
    public static IEnumerable<FileUse> Output(string name, string path, bool journal = false)
    {
        yield return Writes(name, path);
        yield return Writes($"the temporary copy of {name}", path + ".tmp");
        if (journal)
        {
            var journalPath = System.IO.Path.ChangeExtension(path, ".journal.jsonl");
            yield return Writes($"the journal of {name}", journalPath);
            yield return Writes($"the set-aside journal of {name}", journalPath + ".stale");
        }
    }
}

/// <summary>
/// The one check that no output path can destroy data: before anything is read or sent, a command
/// lists every file its options name (<see cref="FileUse"/>; the shared option groups list theirs)
/// and is refused — exit 1, one line — when two of them are the same file and one of them is
/// written (an output over the input CSV, the result file and the error file on one file, the audit
/// log over the keys file...), or when a file would be written inside the backup folder. Paths are
/// compared in full, through symbolic links, and by device and inode where the files exist.
/// </summary>
public static class PathClash
{
    /// <summary>Throws <see cref="CliUserException"/> naming the first clash among <paramref name="uses"/> (nulls are skipped).</summary>
    public static void Check(IEnumerable<FileUse?> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        var list = uses.OfType<FileUse>().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = i + 1; j < list.Count; j++)
            {
                if (Clash(list[i], list[j]) is { } message)
                {
                    throw new CliUserException(message);
                }
            }
        }
    }

    private static string? Clash(FileUse a, FileUse b)
    {
        if (a.Kind == FileUseKind.Folder || b.Kind == FileUseKind.Folder)
        {
            var (folder, other) = a.Kind == FileUseKind.Folder ? (a, b) : (b, a);
            return other.Kind != FileUseKind.Read && FileIdentity.Inside(other.Path, folder.Path)
                ? Printable.Text($"{other.Name} ('{other.Path}') is inside {folder.Name} ('{folder.Path}'), where the backups are: writing it there could overwrite a backup. Choose another path.")
                : null;
        }

        if (a.Kind == FileUseKind.Read && b.Kind == FileUseKind.Read)
        {
            return null;
        }

        if (!FileIdentity.Same(a.Path, b.Path))
        {
            return null;
        }

        var (written, otherUse) = a.Kind == FileUseKind.Written ? (a, b) : (b, a);
        var harm = otherUse.Kind == FileUseKind.Read ? "writing it would destroy the input" : "one would overwrite the other";
        var same = string.Equals(a.Path, b.Path, StringComparison.Ordinal) ? Printable.Text($"'{a.Path}'") : Printable.Text($"'{written.Path}' and '{otherUse.Path}' are one file");
        return Printable.Text($"{written.Name} and {otherUse.Name} are the same file ({same}): {harm}. Choose different paths; nothing was sent.");
    }
}
