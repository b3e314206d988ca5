namespace LiteLlm.Users.Engine.Input;

/// <summary>What an input file holds, as a command reports it before it connects.</summary>
/// <param name="Rows">Rows with a value.</param>
/// <param name="Distinct">Different emails among them (ignoring case and spaces).</param>
/// <param name="KeyNames">Whether some row names a key (the <c>key_name</c> column).</param>
public sealed record InputSummary(int Rows, int Distinct, bool KeyNames = false);
