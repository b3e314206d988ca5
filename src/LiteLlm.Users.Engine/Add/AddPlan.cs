using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Add;

/// <summary>What an add run decided for a row.</summary>
public enum AddAction
{
    /// <summary>No user has the email: it will be created.</summary>
    Create,

    /// <summary>The user exists (and is left alone, or already matches the row).</summary>
    Exists,

    /// <summary>The user exists and --update-existing changes it.</summary>
    Update,

    /// <summary>The row cannot be sent: a bad value, an unknown team, an ambiguous email.</summary>
    Invalid,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>An interrupted run created this user (its id was journaled before the request).</summary>
    CreatedBefore,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}

/// <summary>The decision for one input row.</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Role">The role the row asks for (or the default), lower-case.</param>
/// <param name="Teams">The teams the row names, resolved.</param>
/// <param name="Existing">The users that already have this email.</param>
/// <param name="Changes">For <see cref="AddAction.Update"/>: what changes, in words.</param>
/// <param name="Reason">Why nothing happens, for <see cref="AddAction.Invalid"/> and <see cref="AddAction.Duplicate"/>.</param>
public sealed record AddPlannedRow(
    int Line,
    string Email,
    AddAction Action,
    string Role,
    IReadOnlyList<LiteLlmTeam> Teams,
    IReadOnlyList<LiteLlmUser> Existing,
    string? Changes,
    string? Reason);

/// <summary>Which LiteLLM route creates users.</summary>
public enum CreateEndpoint
{
    /// <summary>Probe once: the v1 bulk route when the proxy has it, else <c>/user/new</c>.</summary>
    Auto,

    /// <summary><c>POST /user/new</c>, one user per request (every LiteLLM version).</summary>
    Legacy,

    /// <summary><c>POST /management/v1/users/bulk</c>, up to 500 users per request (recent LiteLLM).</summary>
    BulkV1,
}

/// <summary>Settings of an add run.</summary>
public sealed record AddJobOptions : Execution.IUserJobOptions
{
    /// <summary>Input CSV.</summary>
    public required string CsvFile { get; init; }

    /// <summary>Where created, existing and updated rows go.</summary>
    public string ResultFile { get; init; } = "user_reg_result.csv";

    /// <summary>Where failed rows go.</summary>
    public string ErrorFile { get; init; } = "user_reg_error.csv";

    /// <summary>Where key secrets go (only with <see cref="CreateKeys"/>).</summary>
    public string KeysFile { get; init; } = "user_reg_keys.csv";

    /// <summary>Journal path; null = beside the result file.</summary>
    public string? JournalFile { get; init; }

    /// <summary>Role of rows without one (never proxy_admin by default).</summary>
    public string DefaultRole { get; init; } = AddInput.DefaultRole;

    /// <summary>Only look and report; change nothing, write no file.</summary>
    public bool DryRun { get; init; }

    /// <summary>Update users that exist (only the cells the row fills in) instead of reporting them.</summary>
    public bool UpdateExisting { get; init; }

    /// <summary>Create a key for each new user and write it to <see cref="KeysFile"/>.</summary>
    public bool CreateKeys { get; init; }

    /// <summary>Create an invitation link (<c>/invitation/new</c>) for each new user.</summary>
    public bool Invite { get; init; }

    /// <summary>Ignore an interrupted run's journal and start over.</summary>
    public bool Fresh { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Users per v1 bulk request (1–500); null = 500.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How emails are looked up.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Which create route.</summary>
    public CreateEndpoint Endpoint { get; init; }

    /// <summary>Retries of creates whose outcome is unknown (each after a re-check).</summary>
    public RetrySettings Retry { get; init; } = new();

    /// <summary>Told before and after every create, update and team change (backup, audit).</summary>
    public IReadOnlyList<Safety.IChangeObserver> Observers { get; init; } = [];
}

/// <summary>What an add run did.</summary>
public sealed class AddJobResult : Reporting.RunResult
{
    /// <summary>The decision per row (a dry run's answer).</summary>
    public IReadOnlyList<AddPlannedRow> Plan { get; init; } = [];

    /// <summary>Result rows by status word (Created, Exists, Updated).</summary>
    public IReadOnlyDictionary<string, int> ByStatus { get; init; } = new Dictionary<string, int>();

    /// <summary>Keys written to the keys file.</summary>
    public int KeysWritten { get; init; }

    /// <summary>Resolution strategy used.</summary>
    public ResolutionStrategy? Strategy { get; init; }

    /// <summary>Create route used.</summary>
    public CreateEndpoint? Endpoint { get; init; }

    /// <summary>Rows with the given status word.</summary>
    public int Count(string status) => ByStatus.TryGetValue(status, out var n) ? n : 0;
}
