using System.Globalization;
using System.Net.Http.Headers;
using LiteLlm.Sandbox;

namespace LiteLlm.Testing;

/// <summary>Small helpers for seeding a <see cref="SandboxServer"/> and talking to it in tests and benchmarks.</summary>
public static class SandboxTestData
{
    /// <summary>A fixed instant, so seeded <c>created_at</c> values (and the default newest-first order) are deterministic.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>User number <paramref name="index"/>: id <c>user-000042</c>, email <c>user42@{domain}</c>,
    /// created one second after the previous one, no keys (fast for 200,000 users).</summary>
    public static SandboxUserSeed Numbered(int index, string domain = "example.com") => new()
    {
        UserId = "user-" + index.ToString("D6", CultureInfo.InvariantCulture),
        UserEmail = "user" + index.ToString(CultureInfo.InvariantCulture) + "@" + domain,
        CreatedAt = Epoch.AddSeconds(index),
        KeyCount = 0,
    };

    /// <summary>Seeds <paramref name="count"/> numbered users (see <see cref="Numbered"/>).</summary>
    public static IReadOnlyList<SandboxUser> AddNumberedUsers(this SandboxStore store, int count, string domain = "example.com")
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.AddUsers(count, i => Numbered(i, domain));
    }

    /// <summary>Adds a user with a role and returns a usable virtual key for it (to call the sandbox as that role).</summary>
    public static string AddUserWithKey(this SandboxStore store, string userId, string role = "internal_user", string? email = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.AddUser(new SandboxUserSeed { UserId = userId, UserEmail = email ?? userId + "@example.com", UserRole = role, KeyCount = 0 });
        return store.CreateKey(userId);
    }

    /// <summary>An <see cref="HttpClient"/> for the sandbox that sends <c>Authorization: Bearer</c> with
    /// <paramref name="key"/> (default: the master key; pass <c>""</c> for no key).</summary>
    public static HttpClient CreateClient(this SandboxServer server, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        key ??= server.Options.MasterKey;
        if (!string.IsNullOrEmpty(key))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
