using System.Globalization;
using System.Text;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Bench;

/// <summary>
/// The users on the server and the CSV of one scenario, generated from a seed (same seed, same bytes).
/// By default (scenario M changes the first two shares), of the N CSV rows 5% are unknown to the server, 1% are ambiguous (the email belongs to two server users,
/// stored with different case) and the rest match exactly one user each; 10% of the rows are upper-cased,
/// 3% have surrounding spaces, and 5% of the matching users store their email capitalised. Rows are shuffled;
/// user ids are random UUIDs, so the listed users are spread over every page of the user_id order.
/// </summary>
internal sealed class Dataset
{
    public const double UnknownShare = 0.05;
    public const double AmbiguousShare = 0.01;
    public const double UpperCasedShare = 0.10;
    public const double SpacedShare = 0.03;
    public const double CapitalizedOnServerShare = 0.05;

    private static readonly string[] FirstNames = ["ann", "joann", "li", "maria", "omar", "sven", "yuki", "ana", "jean", "priya", "tom", "noor", "kofi", "elif", "ivan", "mei"];
    private static readonly string[] LastNames = ["lee", "smith", "garcia", "khan", "nguyen", "muller", "rossi", "tanaka", "silva", "novak", "okafor", "dubois"];
    private static readonly string[] Domains = ["example.com", "corp.example.com", "example.org", "mail.example.net"];

    private Dataset(List<SandboxUserSeed> serverUsers, List<string> csvEmails, HashSet<string> deletableIds, Dictionary<string, int> usersByEmail)
    {
        ServerUsers = serverUsers;
        CsvEmails = csvEmails;
        DeletableIds = deletableIds;
        UsersByEmail = usersByEmail;
    }

    /// <summary>U seeds, in insertion order (created_at increases along it).</summary>
    public IReadOnlyList<SandboxUserSeed> ServerUsers { get; }

    /// <summary>The CSV's email cells, as written (case variants and spaces included).</summary>
    public IReadOnlyList<string> CsvEmails { get; }

    /// <summary>The users a correct run deletes: those whose email is listed once and matches one user.</summary>
    public IReadOnlySet<string> DeletableIds { get; }

    /// <summary>Server users per normalised (trimmed, lower-case) email.</summary>
    public IReadOnlyDictionary<string, int> UsersByEmail { get; }

    public int Unknown { get; private init; }

    public int Ambiguous { get; private init; }

    public int UpperCased { get; private init; }

    public int Spaced { get; private init; }

    public int CapitalizedOnServer { get; private init; }

    /// <summary>Server users whose email is listed in the CSV (deletable plus both users of each ambiguous email).</summary>
    public int MatchedUsers => DeletableIds.Count + (2 * Ambiguous);

    /// <summary>Rows a correct run puts in the error file.</summary>
    public int ExpectedFailedRows => Unknown + Ambiguous;

    /// <exception cref="ArgumentException">The server has too few users for the CSV's matches.</exception>
    public static Dataset Generate(int users, int emails, int seed, double unknownShare = UnknownShare, double ambiguousShare = AmbiguousShare)
    {
        var unknown = (int)Math.Round(emails * unknownShare);
        var ambiguous = (int)Math.Round(emails * ambiguousShare);
        var matched = emails - unknown - ambiguous;
        var filler = users - matched - (2 * ambiguous);
        if (filler < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{users} users are too few for {emails} emails (need at least {matched + (2 * ambiguous)})."));
        }

        var rng = new Random(seed);
        var serial = 0;
        // The serial just before '@' makes every address unique and keeps LiteLLM's substring filter exact.
        string NewAddress() => string.Create(
            CultureInfo.InvariantCulture,
            $"{FirstNames[rng.Next(FirstNames.Length)]}.{LastNames[rng.Next(LastNames.Length)]}.{serial++:x}@{Domains[rng.Next(Domains.Length)]}");

        var seeds = new List<SandboxUserSeed>(users);
        var csv = new List<string>(emails);
        var deletable = new HashSet<string>(matched, StringComparer.Ordinal);
        var capitalized = 0;
        for (var i = 0; i < matched; i++)
        {
            var address = NewAddress();
            var stored = address;
            if (rng.NextDouble() < CapitalizedOnServerShare)
            {
                stored = Capitalize(address);
                capitalized++;
            }

            var id = NewUserId(rng);
            seeds.Add(Seed(id, stored));
            deletable.Add(id);
            csv.Add(address);
        }

        for (var i = 0; i < ambiguous; i++)
        {
            var address = NewAddress();
            seeds.Add(Seed(NewUserId(rng), address));
            seeds.Add(Seed(NewUserId(rng), Capitalize(address)));
            csv.Add(address);
        }

        for (var i = 0; i < filler; i++)
        {
            seeds.Add(Seed(NewUserId(rng), NewAddress()));
        }

        for (var i = 0; i < unknown; i++)
        {
            csv.Add(NewAddress());
        }

        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seeds));
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(csv));

        // Variants by position after the shuffle: exact counts, random rows.
        var upper = (int)Math.Round(emails * UpperCasedShare);
        var spaced = (int)Math.Round(emails * SpacedShare);
        for (var i = 0; i < upper + spaced && i < csv.Count; i++)
        {
            csv[i] = i < upper ? csv[i].ToUpperInvariant() : "  " + csv[i] + " ";
        }

        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(csv));

        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < seeds.Count; i++)
        {
            seeds[i] = seeds[i] with { CreatedAt = start.AddSeconds(i) };
        }

        var byEmail = seeds
            .GroupBy(s => Normalize(s.UserEmail), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        return new Dataset(seeds, csv, deletable, byEmail)
        {
            Unknown = unknown,
            Ambiguous = ambiguous,
            UpperCased = Math.Min(upper, csv.Count),
            Spaced = Math.Max(0, Math.Min(spaced, csv.Count - upper)),
            CapitalizedOnServer = capitalized,
        };
    }

    /// <summary>The CSV file's text: an <c>email</c> header and one row per email.</summary>
    public string CsvText()
    {
        var text = new StringBuilder((CsvEmails.Count * 40) + 8);
        text.Append("email\n");
        foreach (var email in CsvEmails)
        {
            text.Append(email).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The tool's matching rule: trimmed, case-insensitive.</summary>
    public static string Normalize(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();

    private static SandboxUserSeed Seed(string id, string email) => new() { UserId = id, UserEmail = email, KeyCount = 0 };

    private static string Capitalize(string address) => char.ToUpperInvariant(address[0]) + address[1..];

    private static string NewUserId(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
