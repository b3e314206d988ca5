using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What identifies a run: a journal is only ever applied to the same command, proxy and input.</summary>
/// <param name="Command">e.g. "delete".</param>
/// <param name="BaseUrl">The proxy, normalised.</param>
/// <param name="InputSha256">SHA-256 of the input file's bytes.</param>
internal sealed record RunIdentity(string Command, string BaseUrl, string InputSha256)
{
    /// <summary>Builds the identity of a run over <paramref name="inputPath"/>.</summary>
    public static RunIdentity For(string command, Uri baseUrl, string inputPath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new RunIdentity(command, baseUrl.AbsoluteUri.TrimEnd('/'), Sha256Of(inputPath));
    }

    /// <summary>The SHA-256 of a file's bytes, in lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
