using System.Globalization;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.Input;

/// <summary>How input values are checked and quoted in messages: long values are cut, so one bad cell never floods a message.</summary>
internal static class InputText
{
    /// <summary>The accepted header spellings of the email column, in every input CSV.</summary>
    public static readonly CsvColumn EmailColumn = new("email", "user_email", "e-mail");

    /// <summary>The longest email any mail system accepts (RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Characters of a value a message shows before cutting it.</summary>
    public const int Shown = 80;

    /// <summary>The value as a message quotes it: at most <see cref="Shown"/> characters, then how long it really is.</summary>
    public static string Cut(string? value)
    {
        value ??= string.Empty;
        return value.Length <= Shown
            ? value
            : string.Create(CultureInfo.InvariantCulture, $"{value[..Shown]}... ({value.Length} characters)");
    }

    /// <summary>Whether the value holds a control character (C0, DEL or C1), which no email has.</summary>
    public static bool HasControl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;
    }

    /// <summary>Why a value cannot be an email that is ever sent (too long, control characters), or null.</summary>
    public static string? EmailProblem(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length > MaxEmailLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Invalid email: longer than {MaxEmailLength} characters ({Cut(email)})");
        }

        return HasControl(email) ? $"Invalid email: it holds control characters ({Cut(email)})" : null;
    }
}
