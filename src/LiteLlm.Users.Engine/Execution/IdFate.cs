namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one user id of a change.</summary>
internal enum IdFate
{
    /// <summary>Done by this run (or by this run's earlier, interrupted attempt).</summary>
    Done,

    /// <summary>Gone, but not by this run: someone else deleted it meanwhile.</summary>
    Vanished,

    /// <summary>Not done; see the reason.</summary>
    Failed,
}
