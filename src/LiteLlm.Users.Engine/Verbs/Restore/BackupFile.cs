using System.Text.Json;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>Reads backup files written by <see cref="UserBackup"/>.</summary>
internal static class BackupFile
{
    /// <summary>Reads every record; throws <see cref="InputException"/> when the file is missing or a line is not a backup record.</summary>
    public static IReadOnlyList<BackupEntry> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException($"Backup file '{path}' not found.");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"Failed to read backup file '{path}': {ex.Message}", ex);
        }

        var entries = new List<BackupEntry>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            BackupRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(lines[i], SafetyJsonContext.Default.BackupRecord);
            }
            catch (JsonException ex)
            {
                throw new InputException($"Backup file '{path}' line {i + 1} is not JSON: {ex.Message}", ex);
            }

            if (record is null || record.Format != BackupRecord.CurrentFormat || string.IsNullOrEmpty(record.User.UserId))
            {
                throw new InputException($"Backup file '{path}' line {i + 1} is not a {BackupRecord.CurrentFormat} record with a user_id.");
            }

            entries.Add(new BackupEntry(i + 1, record));
        }

        if (entries.Count == 0)
        {
            throw new InputException($"Backup file '{path}' holds no user.");
        }

        return entries;
    }
}
