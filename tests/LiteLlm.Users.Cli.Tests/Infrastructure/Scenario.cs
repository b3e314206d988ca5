using System.Globalization;
using System.Text;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>
/// A deterministic delete scenario: <c>users</c> on the server, a CSV listing <c>rows</c> of them
/// with the awkward cases mixed in — unknown emails, emails two users share, case and space
/// variants, repeated rows.
/// </summary>
public static class Scenario
{
    public static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"person{i:00000}@example.com");

    public static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"user-{i:00000}");

    /// <summary>
    /// Seeds u-ann (Ann@Example.com) with every field the API lets a caller set, on two teams (admin of
    /// team-ops, user of team-dev), org_admin of org-1, and one key (its secret is returned).
    /// </summary>
    public static string SeedAnn(SandboxStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.CreateTeam("team-ops", "Ops");
        store.CreateTeam("team-dev", "Dev");
        store.AddUser(new SandboxUserSeed
        {
            UserId = "u-ann",
            UserEmail = "Ann@Example.com",
            UserAlias = "Ann A.",
            UserRole = "proxy_admin_viewer",
            MaxBudget = 42.5,
            BudgetDuration = "30d",
            Spend = 7.25,
            Models = ["gpt-4o", "claude-3"],
            Metadata = new Dictionary<string, object?> { ["dept"] = "ops", ["nested"] = new Dictionary<string, object?> { ["cost_centre"] = 12 } },
            TpmLimit = 1000,
            RpmLimit = 10,
            SsoUserId = "sso-ann",
            CreatedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            KeyCount = 0,
        });
        store.AddTeamMember("team-ops", "u-ann", "admin");
        store.AddTeamMember("team-dev", "u-ann", "user");
        store.AddOrganizationMember("org-1", "u-ann", "org_admin");
        return store.CreateKey("u-ann", "ann-laptop");
    }

    /// <summary>Seeds the server and returns the CSV text. Users 0..users-1 exist; every 50th listed email is shared by a twin.</summary>
    public static string Seed(SandboxStore store, int users, int rows)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.AddUsers(users, i => new SandboxUserSeed
        {
            UserId = Id(i),
            UserEmail = i % 50 == 7 ? Email(i).ToUpperInvariant() : Email(i),
            CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
            KeyCount = 0,
        });

        // Twins: a second user with the same email (LiteLLM does not keep emails unique).
        for (var i = 3; i < rows; i += 50)
        {
            store.AddUser(new SandboxUserSeed { UserId = "twin-" + Id(i), UserEmail = Email(i), KeyCount = 0 });
        }

        var csv = new StringBuilder("email\r\n");
        for (var i = 0; i < rows; i++)
        {
            var email = (i % 20) switch
            {
                5 => string.Create(CultureInfo.InvariantCulture, $"nobody{i}@example.com"), // unknown
                9 => "  " + Email(i).ToUpperInvariant() + " ", // case and spaces
                _ => Email(i),
            };
            csv.Append(email).Append("\r\n");
            if (i % 97 == 13)
            {
                csv.Append(Email(i)).Append("\r\n"); // repeated row
            }
        }

        return csv.ToString();
    }
}
