using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>
/// An add: the users listed in a CSV. Every input row ends in exactly one output row; an existing
/// user is reported, not failed; a dry run sends no request that changes anything and writes no file;
/// an interrupted run is resumed from its journal and never creates a user twice. Read the input
/// first (<see cref="ReadInput"/>), then <see cref="RunAsync"/>.
/// </summary>
public sealed record AddJob : RunSettings
{
    /// <summary>Status of a user this run created.</summary>
    public const string Created = "Created";

    /// <summary>Status of a user that already existed (not a failure).</summary>
    public const string Exists = "Exists";

    /// <summary>Status of an existing user changed by --update-existing.</summary>
    public const string Updated = "Updated";

    /// <summary>The role of rows without one (never proxy_admin by default).</summary>
    public const string StandardRole = UserInput.DefaultRole;

    private IReadOnlyList<UserInputRow>? _rows;

    /// <summary>Creates the settings with add_user.py's file names.</summary>
    public AddJob()
    {
        ResultFile = "user_reg_result.csv";
        ErrorFile = "user_reg_error.csv";
    }

    /// <summary>The roles <c>/user/new</c> accepts.</summary>
    public static IReadOnlyList<string> Roles => UserInput.Roles;

    /// <summary>Input CSV.</summary>
    public required string CsvFile { get; init; }

    /// <summary>Where key secrets go (only with <see cref="CreateKeys"/>).</summary>
    public string KeysFile { get; init; } = "user_reg_keys.csv";

    /// <summary>Role of rows without one (never proxy_admin by default).</summary>
    public string DefaultRole { get; init; } = UserInput.DefaultRole;

    /// <summary>Update users that exist (only the cells the row fills in) instead of reporting them.</summary>
    public bool UpdateExisting { get; init; }

    /// <summary>Create a key for each new user and write it to <see cref="KeysFile"/>.</summary>
    public bool CreateKeys { get; init; }

    /// <summary>Create an invitation link (<c>/invitation/new</c>) for each new user.</summary>
    public bool Invite { get; init; }

    /// <summary>Users per v1 bulk request (1–500); null = 500.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How emails are looked up.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Which create route.</summary>
    public UserWriteRoute Endpoint { get; init; }

    /// <summary>Reads and checks <see cref="CsvFile"/> (nothing is sent; each bad row is reported by the run).</summary>
    /// <exception cref="InputException">The file is unusable or names no user.</exception>
    public InputSummary ReadInput()
    {
        _rows = UserInput.Read(CsvFile);
        return UserInput.Summarize(_rows);
    }

    /// <summary>Runs the add over the input read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public Task<RunResult<AddDecision>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort) =>
        RunRunner.RunAsync(new AddVerb(new RunContext(client, Concurrency, log, progress), this, _rows ?? throw new InvalidOperationException("Read the input first.")), stop, abort);
}
