using System.Runtime.InteropServices;

namespace LiteLlm.Users.Bench;

/// <summary>
/// One build of the CLI to measure: the framework-dependent <c>dotnet litellm-users.dll</c>, or the
/// Native AOT executable that <c>eng/publish-native.sh</c> makes.
/// </summary>
/// <param name="Name">"framework-dependent" or "native", as the output names it.</param>
/// <param name="FileName">What is started: <c>dotnet</c>, or the native executable.</param>
/// <param name="PrefixArgs">Arguments before the CLI's own (the dll for <c>dotnet</c>).</param>
internal sealed record CliBuild(string Name, string FileName, IReadOnlyList<string> PrefixArgs)
{
    /// <summary>The command line that starts it, for the output.</summary>
    public string Command => string.Join(' ', [FileName, .. PrefixArgs]);

    public static CliBuild FrameworkDependent(string dll) => new("framework-dependent", "dotnet", [dll]);

    public static CliBuild Native(string executable) => new("native", executable, []);

    /// <summary>
    /// artifacts/native/&lt;rid&gt;/litellm-users under the repository root when eng/publish-native.sh has
    /// built it for this machine, else null.
    /// </summary>
    public static string? LocateNative()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiteLlmUsers.slnx")))
            {
                var path = Path.Combine(dir.FullName, "artifacts", "native", rid, OperatingSystem.IsWindows() ? "litellm-users.exe" : "litellm-users");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
