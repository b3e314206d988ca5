using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Sandbox;

/// <summary>
/// Everything a <see cref="SandboxStore"/> holds, as one JSON document, so a rehearsal can go on across commands
/// (<c>delete --sandbox FILE</c>, then <c>restore --sandbox FILE</c>). Key rows carry only hashes, never secrets;
/// password hashes are left out (a restored rehearsal user has no password).
/// </summary>
public sealed class SandboxState
{
    /// <summary>Format version of the document.</summary>
    public int Format { get; set; } = 1;

    /// <summary>SHA-256 (hex) of the seed file the state grew from; a state is only continued with the same seed.</summary>
    public string? SeedSha256 { get; set; }

    /// <summary>When the state was saved.</summary>
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>User rows in creation order.</summary>
    public List<SandboxUser> Users { get; set; } = [];

    /// <summary>Key rows (hashed).</summary>
    public List<SandboxKey> Keys { get; set; } = [];

    /// <summary>Teams in creation order.</summary>
    public List<SandboxTeam> Teams { get; set; } = [];

    /// <summary>Team-membership rows.</summary>
    public List<SandboxTeamMembership> TeamMemberships { get; set; } = [];

    /// <summary>Organisations.</summary>
    public List<SandboxOrganization> Organizations { get; set; } = [];

    /// <summary>Organisation-membership rows.</summary>
    public List<SandboxOrganizationMembership> OrganizationMemberships { get; set; } = [];

    /// <summary>Invitation links.</summary>
    public List<SandboxInvitation> Invitations { get; set; } = [];

    /// <summary>User rows deleted so far.</summary>
    public List<DeletionRecord> Deletions { get; set; } = [];
}

/// <summary>
/// The state file of <c>--sandbox</c> rehearsals: <see cref="DefaultFileName"/> in the current folder, tied to its seed
/// file by the seed's SHA-256, written owner-only (0600) through a temporary file so a crash never leaves half a file.
/// </summary>
public sealed class SandboxStateFile
{
    /// <summary>The state file's name (in the folder the command runs in).</summary>
    public const string DefaultFileName = "litellm-users-sandbox-state.json";

    private SandboxStateFile(string path, string seedSha256)
    {
        Path = path;
        SeedSha256 = seedSha256;
    }

    /// <summary>Where the state is kept.</summary>
    public string Path { get; }

    /// <summary>SHA-256 (hex) of the seed file.</summary>
    public string SeedSha256 { get; }

    /// <summary>The state file <paramref name="path"/> for the seed file <paramref name="seedPath"/> (hashed now).</summary>
    public static SandboxStateFile For(string path, string seedPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(seedPath);
        using var seed = File.OpenRead(seedPath);
        return new SandboxStateFile(path, Convert.ToHexStringLower(SHA256.HashData(seed)));
    }

    /// <summary>What <see cref="TryLoad"/> found.</summary>
    public enum LoadResult
    {
        /// <summary>No state file: start from the seed.</summary>
        Missing,

        /// <summary>A state file of another seed file (or an unreadable one): start from the seed.</summary>
        OtherSeed,

        /// <summary>The store now holds the saved state.</summary>
        Loaded,
    }

    /// <summary>Loads the saved state into <paramref name="store"/> when it belongs to this seed.</summary>
    public LoadResult TryLoad(SandboxStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!File.Exists(Path))
        {
            return LoadResult.Missing;
        }

        SandboxState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(Path), SandboxStateJson.Default.SandboxState);
        }
        catch (JsonException)
        {
            return LoadResult.OtherSeed;
        }

        if (state is null || state.Format != 1 || !string.Equals(state.SeedSha256, SeedSha256, StringComparison.OrdinalIgnoreCase))
        {
            return LoadResult.OtherSeed;
        }

        store.Import(state);
        return LoadResult.Loaded;
    }

    /// <summary>Writes <paramref name="store"/>'s state, owner-only, replacing the previous file.</summary>
    public void Save(SandboxStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = store.Export();
        state.SeedSha256 = SeedSha256;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, SandboxStateJson.Default.SandboxState);
        var temp = Path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
        }

        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>Deletes the state file (<c>--sandbox-reset</c>); true when there was one.</summary>
    public bool Delete()
    {
        if (!File.Exists(Path))
        {
            return false;
        }

        File.Delete(Path);
        return true;
    }
}

/// <summary>Source-generated (reflection-free, trimming-safe) JSON for <see cref="SandboxState"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SandboxState))]
internal sealed partial class SandboxStateJson : JsonSerializerContext;
