namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// The lines that already have an outcome, as a bit per line: a million-row run keeps 125 KB here
/// instead of a hash set of tens of megabytes. Lines at or below zero (rows a command adds before
/// the input's first line) go to a small set.
/// </summary>
internal sealed class LineSet
{
    private ulong[] _bits = new ulong[1024];
    private HashSet<int>? _others;

    /// <summary>Adds a line; false when it was already there.</summary>
    public bool Add(int line)
    {
        if (line <= 0)
        {
            return (_others ??= []).Add(line);
        }

        var word = line >> 6;
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        }

        var mask = 1UL << (line & 63);
        if ((_bits[word] & mask) != 0)
        {
            return false;
        }

        _bits[word] |= mask;
        return true;
    }

    /// <summary>Whether the line is there.</summary>
    public bool Contains(int line)
    {
        if (line <= 0)
        {
            return _others?.Contains(line) ?? false;
        }

        var word = line >> 6;
        return word < _bits.Length && (_bits[word] & (1UL << (line & 63))) != 0;
    }
}
