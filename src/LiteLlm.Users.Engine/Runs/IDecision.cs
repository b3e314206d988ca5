namespace LiteLlm.Users.Engine.Runs;

/// <summary>What a planner decided a row needs.</summary>
internal enum DecisionKind
{
    /// <summary>Nothing to send: the row's outcome is known from the plan (an error, an existing user, a skip).</summary>
    Settled,

    /// <summary>The executor has work for the row.</summary>
    Work,

    /// <summary>An interrupted run already reported the row; its journaled outcome is replayed.</summary>
    Done,
}

/// <summary>The decision a planner made for one output row.</summary>
internal interface IDecision
{
    /// <summary>The row's line (input order; rows the input does not list come after its last line).</summary>
    int Line { get; }

    /// <summary>What the row needs.</summary>
    DecisionKind Kind { get; }

    /// <summary>Users the row's work removes from use (deleted, disabled): what the guards count.</summary>
    int Removals { get; }
}
