namespace LiteLlm.Users.Cli.Commands.Doctor;

/// <summary>A LiteLLM behaviour, by release, that matters to a bulk user tool (a row of <c>litellm-fleet.md</c>).</summary>
/// <param name="Id">Stable id (JSON, docs).</param>
/// <param name="FleetRow">The row of the fleet table.</param>
/// <param name="Summary">What the proxy does, in one line.</param>
/// <param name="Mitigation">What this tool does about it.</param>
/// <param name="FixedIn">The first release without it: <c>x.y.z</c>; <c>main</c> when only unreleased code has the fix; null when no release fixes it.</param>
/// <param name="Source">The issue or pull request behind it.</param>
/// <param name="OnlyWithoutDatabase">Listed only for a proxy that reports no database (or does not say).</param>
internal sealed record FleetHazard(string Id, int FleetRow, string Summary, string Mitigation, string? FixedIn, string Source, bool OnlyWithoutDatabase = false);

/// <summary>
/// What this tool knows about the LiteLLM releases operators run (the last 18 months and more): ONE
/// declarative table, with the release that fixed each behaviour and its source. It is the tool's own
/// copy, kept beside the code that acts on it; the sandbox keeps its own table (<c>SandboxProfile</c>)
/// to imitate releases, and a test checks the two agree on the version boundaries. Boundaries are
/// approximate where only a merge date is known (as the fleet doc says).
/// </summary>
/// <remarks>
/// Fleet rows 6 (<c>/key/generate</c>'s token field) and 7 (keys of users without a role) do not touch
/// what this tool sends; row 14 (deactivate instead of delete) is a feature request, not a hazard.
/// </remarks>
internal static class FleetHazards
{
    /// <summary>Every hazard, in fleet-row order.</summary>
    public static IReadOnlyList<FleetHazard> All { get; } =
    [
        new(
            "delete-fails-on-invitation-links",
            1,
            "/user/delete of a user who created or updated a pending invitation link fails the whole request with a 500 (Prisma foreign-key error), after it has already deleted every requested user's keys, links and memberships",
            "delete isolates such users by halving the batch (never retrying the error), so only they fail; their error row carries the hint and says how many of their keys the failed attempt still deleted (the backup holds the keys' metadata)",
            "1.82.0",
            "issues #4740, #23114; fixed by PR #23115 (merged 2026-03-08)"),
        new(
            "deleted-users-stay-on-team-rosters",
            2,
            "/user/delete leaves the user in members_with_roles of their teams; the next SSO login can bring a deleted user back into the team",
            "after the deletes, delete reads the team rosters once (/team/list) and removes every entry that still names a deleted user with /team/member_delete, saying how many (--no-verify skips it)",
            "1.75.0",
            "issue #6556; fixed by PR #12926 (2025-07)"),
        new(
            "user-info-answers-200-for-unknown-users",
            3,
            "/user/info of an unknown user_id answers 200 with an empty stub instead of 404",
            "never asks /user/info whether a user exists: it lists /user/list?user_ids=... and matches ids exactly",
            "1.81.0",
            "PR #16850"),
        new(
            "duplicate-email-is-400",
            4,
            "/user/new with an email that exists answers 400 (a Python repr inside the message) instead of 409",
            "reads 400 and 409 'already exists' alike; add and sync look every email up first and report an existing user as Exists",
            "1.81.0",
            "contract §3.1; PR #17559"),
        new(
            "duplicate-user-id-mints-another-key",
            5,
            "/user/new with an existing user_id does not refuse it: the row is kept and another key is minted for it",
            "add creates users only under fresh ids it chose (journaled first) after looking every email up; restore looks each id up and refuses one that exists",
            "1.81.0",
            "issue #11368; fixed by PR #17559"),
        new(
            "invitation-needs-an-admin-ui-user",
            8,
            "/invitation/new with the master key fails with 400 \"User id does not exist in 'LiteLLM_UserTable'\" when nobody ever logged in to the admin UI (default_user_id is missing)",
            "add --invite reports the row with LiteLLM's words and creates the user anyway; log in to the admin UI once, or invite with a proxy_admin user's key",
            null,
            "issue #41176 (open); fix proposed in PR #41245"),
        new(
            "no-v1-bulk-routes",
            9,
            "/management/v1/users/bulk_delete and /management/v1/users/bulk do not exist (404/405 by method)",
            "--delete-endpoint and --create-endpoint auto probe once per run and fall back to /user/delete (batches of 100) and /user/new (one per user)",
            "main",
            "contract §3.9 (recent main only)"),
        new(
            "user-list-paging-is-unstable",
            10,
            "/user/list pages without a stable sort can repeat and skip users while the table changes (one report lost 50 of 583 users)",
            "every listing pages with sort_by=user_id; a full read checks its count against the server's total and reads again if the list changed",
            null,
            "issue #15762 (open)"),
        new(
            "no-database",
            11,
            "a proxy started without a database answers the user routes with 500 \"No db connected\" (400 no_db_connection for keys other than the master key); /health/readiness says \"db\": \"Not connected\"",
            "every command stops at the first such answer, without retrying, with exit 3 and one line: The proxy has no database",
            null,
            "measured on 1.77.1 without a database; contract §1.2",
            OnlyWithoutDatabase: true),
        new(
            "delete-takes-keys-silently",
            12,
            "deleting a user deletes all their keys, and the proxy shows no count",
            "delete --dry-run shows each user's key count and the total (\"This also deletes 37 keys\"), the confirmation repeats it, and the backup keeps the keys' metadata",
            null,
            "issue #9900"),
        new(
            "sso-users-come-back",
            13,
            "an SSO- or SCIM-managed user (sso_user_id set) can be re-created by the identity provider at their next login",
            "delete --dry-run marks SSO-managed users and counts them (\"4 users are SSO-managed and may be re-created at their next login\"); deprovision them in the identity provider too",
            null,
            "issues #14071, #6447; PR #26861"),
    ];

    /// <summary>What a <c>litellm_version</c> says: a release, a build of <c>main</c> (newer than every release), or unknown.</summary>
    public static (Version? Release, bool Main) Parse(string? litellmVersion)
    {
        var text = litellmVersion?.Trim() ?? string.Empty;
        if (text.Equals("main", StringComparison.OrdinalIgnoreCase) || text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        var numeric = text.TrimStart('v', 'V');
        var cut = numeric.IndexOfAny(['-', '+', ' ']);
        if (cut >= 0)
        {
            numeric = numeric[..cut];
        }

        return Version.TryParse(numeric, out var version) && version.Build >= 0 ? (new Version(version.Major, version.Minor, version.Build), false) : (null, false);
    }

    /// <summary>
    /// The hazards that apply to <paramref name="litellmVersion"/>: for a release, those it predates the fix of;
    /// for <c>main</c>, those no code fixes; for an unknown version (<c>"unknown"</c>, none, unreadable), every one,
    /// as possible. Database-only hazards need <paramref name="databaseConnected"/> false or null.
    /// </summary>
    public static IReadOnlyList<(FleetHazard Hazard, bool Possible)> For(string? litellmVersion, bool? databaseConnected)
    {
        var (release, main) = Parse(litellmVersion);
        var known = release is not null || main;
        return [.. All
            .Where(h => !h.OnlyWithoutDatabase || databaseConnected != true)
            .Where(h => !known || Applies(h, release, main))
            .Select(h => (h, !known))];
    }

    private static bool Applies(FleetHazard hazard, Version? release, bool main) => hazard.FixedIn switch
    {
        null => true,
        "main" => !main,
        var fixedIn => !main && release < Version.Parse(fixedIn),
    };
}
