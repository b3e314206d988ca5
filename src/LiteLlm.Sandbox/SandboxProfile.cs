using System.Globalization;

namespace LiteLlm.Sandbox;

/// <summary>
/// A behaviour of LiteLLM's user routes that changed at some release (the rows of
/// <c>litellm-fleet.md</c> that concern the sandbox's routes). Each member names the <em>newer</em> behaviour;
/// a profile without it behaves the older way.
/// </summary>
public enum LiteLlmChange
{
    /// <summary>Fleet row 1: <c>/user/delete</c> first deletes invitation links the user created or updated, so
    /// deleting such a user succeeds. Older: the request fails with a Prisma foreign-key 500 after it already
    /// deleted every requested user's keys, links (by <c>user_id</c>), org and team memberships.</summary>
    DeleteRemovesCreatedInvitations,

    /// <summary>Fleet row 2: <c>/user/delete</c> takes the user off <c>members_with_roles</c> of their teams (by id or
    /// exact email). Older: deleted users stay on the rosters.</summary>
    DeleteCleansTeamRosters,

    /// <summary>Fleet row 3: <c>/user/info</c> of an unknown id is 404 <c>User &lt;id&gt; not found</c>. Older: a 200 stub
    /// <c>{"user_id", "user_info": {"spend": 0}, "keys": [], "teams": []}</c>.</summary>
    UserInfoUnknownIs404,

    /// <summary>Fleet row 4: <c>/user/new</c> with an existing email is 409. Older: 400, same words.</summary>
    DuplicateEmailIs409,

    /// <summary>Fleet row 5: <c>/user/new</c> with an existing <c>user_id</c> is 409. Older: no check; the row is kept
    /// and another key is minted for it.</summary>
    DuplicateUserIdIs409,

    /// <summary><c>/user/new</c> answers <c>"teams": null</c> (memberships are written after the response is built,
    /// contract §3.1). Older: it echoes the requested team ids.</summary>
    UserNewTeamsNull,

    /// <summary>Fleet row 9: <c>/management/v1/users/bulk_delete</c> and <c>/management/v1/users/bulk</c> exist
    /// (contract §3.9). Older: absent (404).</summary>
    ManagementV1Routes,
}

/// <summary>
/// Which LiteLLM release the sandbox imitates: the version <c>/health/readiness</c> reports and the set of
/// <see cref="LiteLlmChange"/>s in effect. Build one with <see cref="Parse"/> (<c>legacy</c>, <c>1.77.1</c>,
/// <c>current</c> or any <c>x.y.z</c>) or use the named ones.
/// </summary>
public sealed record SandboxProfile
{
    /// <summary>
    /// THE table: the first release with each change. One place to read and correct; boundaries are approximate
    /// where only a merge date is known (the fleet doc says so too), and <c>null</c> means "main only, no release yet".
    /// </summary>
    private static readonly (LiteLlmChange Change, Version? Since, string Source)[] Changes =
    [
        (LiteLlmChange.DeleteCleansTeamRosters, new(1, 75, 0), "fleet row 2: issue #6556, PR #12926 (merged 2025-07); 1.74.x is older"),
        (LiteLlmChange.UserInfoUnknownIs404, new(1, 81, 0), "fleet row 3: PR #16850 / issue #17437; 1.80 still answered 200, 1.83.10 answers 404 (bbvch-ai/aihub-core#1467)"),
        (LiteLlmChange.DuplicateEmailIs409, new(1, 81, 0), "fleet row 4: PR #17559 (merged 2025-12-05) changed the duplicate-email 400 to 409"),
        (LiteLlmChange.DuplicateUserIdIs409, new(1, 81, 0), "fleet row 5: PR #17559 added the user_id check (issue #11368 reported the re-mint on 1.71.1)"),
        (LiteLlmChange.UserNewTeamsNull, new(1, 81, 0), "contract §3.1 (current: teams null); 1.77-era new_user returns response.get('teams'); boundary not pinned, taken with PR #17559"),
        (LiteLlmChange.DeleteRemovesCreatedInvitations, new(1, 82, 0), "fleet row 1: PR #23115 (merged 2026-03-08), issues #4740, #23114"),
        (LiteLlmChange.ManagementV1Routes, null, "fleet row 9, contract §3.9: recent main only"),
    ];

    private readonly HashSet<LiteLlmChange> _changes;

    private SandboxProfile(string name, string version, IEnumerable<LiteLlmChange> changes)
    {
        Name = name;
        LiteLlmVersion = version;
        _changes = [.. changes];
    }

    /// <summary>A release from before 2025-07: every older behaviour of the table.</summary>
    public static SandboxProfile Legacy { get; } = ForRelease("legacy", new Version(1, 74, 0));

    /// <summary>LiteLLM 1.77.1, the release the contract's captures come from.</summary>
    public static SandboxProfile Release1771 { get; } = ForRelease("1.77.1", new Version(1, 77, 1));

    /// <summary>LiteLLM 1.83.10 (a 2026 release): every newer behaviour except the main-only <c>/management/v1</c>
    /// routes. The default of <see cref="SandboxOptions.Profile"/>, and what the sandbox did before profiles existed.</summary>
    public static SandboxProfile Release18310 { get; } = ForRelease("1.83.10", new Version(1, 83, 10));

    /// <summary>The newest <c>main</c>: every change of the table, the <c>/management/v1</c> routes included.</summary>
    public static SandboxProfile Current { get; } = new("current", "main", Enum.GetValues<LiteLlmChange>());

    /// <summary>The profile <see cref="SandboxOptions"/> start with.</summary>
    public static SandboxProfile Default => Release18310;

    /// <summary>What the profile was asked as: <c>legacy</c>, <c>current</c> or a version.</summary>
    public string Name { get; }

    /// <summary>The version <c>/health/readiness</c> reports as <c>litellm_version</c>.</summary>
    public string LiteLlmVersion { get; }

    /// <summary>The changes in effect, in the table's order.</summary>
    public IReadOnlyList<LiteLlmChange> InEffect => Enum.GetValues<LiteLlmChange>().Where(_changes.Contains).ToList();

    /// <summary>Whether the newer behaviour <paramref name="change"/> is in effect.</summary>
    public bool Has(LiteLlmChange change) => _changes.Contains(change);

    /// <summary>This profile with <paramref name="change"/> switched on or off (the version is kept).</summary>
    public SandboxProfile With(LiteLlmChange change, bool on)
    {
        var changes = new HashSet<LiteLlmChange>(_changes);
        if (on)
        {
            changes.Add(change);
        }
        else
        {
            changes.Remove(change);
        }

        return new SandboxProfile(Name, LiteLlmVersion, changes);
    }

    /// <summary>The first release with <paramref name="change"/> (<c>null</c>: main only) and where that comes from.</summary>
    public static (Version? Since, string Source) ReleaseOf(LiteLlmChange change)
    {
        var row = Array.Find(Changes, r => r.Change == change);
        return (row.Since, row.Source);
    }

    /// <summary><c>legacy</c>, <c>current</c> (also <c>main</c>, <c>latest</c>) or a release <c>x.y.z</c>
    /// (a leading <c>v</c> and a suffix such as <c>-stable</c> are ignored).</summary>
    /// <exception cref="FormatException">Neither a profile name nor a version.</exception>
    public static SandboxProfile Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        switch (text.ToLowerInvariant())
        {
            case "legacy":
                return Legacy;
            case "current" or "main" or "latest":
                return Current;
        }

        var numeric = text.TrimStart('v', 'V');
        var dash = numeric.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            numeric = numeric[..dash];
        }

        if (!Version.TryParse(numeric, out var version) || version.Build < 0 || version.Revision >= 0)
        {
            throw new FormatException($"'{value}' is not a LiteLLM version: use legacy, current or x.y.z (e.g. 1.77.1).");
        }

        return ForRelease(version.ToString(3), version);
    }

    /// <summary>A one-line description for logs and <c>--help</c>: the version and the older behaviours kept.</summary>
    public override string ToString()
    {
        var older = Enum.GetValues<LiteLlmChange>().Where(c => !_changes.Contains(c)).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"LiteLLM {LiteLlmVersion} ({(older.Count == 0 ? "every newer behaviour" : "older: " + string.Join(", ", older))})");
    }

    /// <summary>Equal when the version and the changes in effect are.</summary>
    public bool Equals(SandboxProfile? other) =>
        other is not null && LiteLlmVersion == other.LiteLlmVersion && _changes.SetEquals(other._changes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LiteLlmVersion, _changes.Count);

    private static SandboxProfile ForRelease(string name, Version version) =>
        new(name, version.ToString(3), Changes.Where(r => r.Since is { } since && since <= version).Select(r => r.Change));
}
