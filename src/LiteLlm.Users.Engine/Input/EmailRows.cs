using System.Collections;
using System.Text;

namespace LiteLlm.Users.Engine.Input;

/// <summary>
/// The rows of an email CSV, packed: each row is 16 bytes plus its comparison key (and its email, when
/// the two differ) as UTF-8 in 1 MiB blocks; a row becomes an <see cref="EmailInputRow"/> when it is
/// read. Duplicates are found, and the different keys kept for the resolution, by a set of row numbers
/// hashed on those bytes. A 1,000,000-row CSV so takes about 70 MB, where strings, rows and a key
/// dictionary took about 170 MB (issue 8: the whole run within 300 MB).
/// </summary>
/// <remarks>
/// Two keys are equal when their UTF-8 bytes are: the key is <see cref="Matching.EmailKey.Normalize"/>'s
/// string, and text read from a CSV holds no lone surrogate (the reader turns one into U+FFFD), so no
/// two different strings share their bytes.
/// A row whose value is never sent (too long, control characters) keeps its strings aside.
/// </remarks>
internal sealed class EmailRows : IReadOnlyList<EmailInputRow>
{
    private const int BlockBits = 20;
    private const int BlockSize = 1 << BlockBits;
    private static readonly UTF8Encoding Utf8 = new(false, true);
    private readonly List<byte[]> _blocks = [];
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<int, (string Email, string Problem)> _unusable = [];
    private HashSet<int>? _firsts;
    private int _used = BlockSize;

    /// <summary>Creates an empty list.</summary>
    public EmailRows() => _firsts = new HashSet<int>(new KeyComparer(this));

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public EmailInputRow this[int index]
    {
        get
        {
            var entry = _entries[index];
            if (entry.Offset < 0)
            {
                var (value, problem) = _unusable[index];
                return new EmailInputRow(entry.Line, value, null, problem);
            }

            var email = entry.EmailLength == 0
                ? Utf8.GetString(Bytes(entry.Offset, entry.KeyLength))
                : Utf8.GetString(Bytes(entry.Offset + entry.KeyLength, entry.EmailLength));
            return new EmailInputRow(entry.Line, email, entry.DuplicateOf == 0 ? null : entry.DuplicateOf);
        }
    }

    /// <summary>Adds a usable row: flagged as a duplicate when an earlier row has the same key.</summary>
    /// <param name="line">Its line.</param>
    /// <param name="email">The trimmed value.</param>
    /// <param name="key">Its comparison key.</param>
    public void Add(int line, string email, string key)
    {
        var firsts = _firsts ?? throw new InvalidOperationException("The rows are complete: the keys were taken.");
        var keyLength = Utf8.GetByteCount(key);
        var emailLength = string.Equals(email, key, StringComparison.Ordinal) ? 0 : Utf8.GetByteCount(email);
        if (keyLength + emailLength > ushort.MaxValue)
        {
            throw new InputException($"Line {line}: the email is too long to be a usable row.");
        }

        var offset = Reserve(keyLength + emailLength);
        var block = _blocks[offset >> BlockBits];
        var at = offset & (BlockSize - 1);
        Utf8.GetBytes(key, block.AsSpan(at, keyLength));
        if (emailLength > 0)
        {
            Utf8.GetBytes(email, block.AsSpan(at + keyLength, emailLength));
        }

        var index = _entries.Count;
        _entries.Add(new Entry(offset, line, 0, (ushort)keyLength, (ushort)emailLength));
        if (firsts.TryGetValue(index, out var first))
        {
            _entries[index] = _entries[index] with { DuplicateOf = _entries[first].Line };
        }
        else
        {
            firsts.Add(index);
        }
    }

    /// <summary>Adds a row whose value is never sent.</summary>
    public void AddUnusable(int line, string email, string problem)
    {
        _unusable[_entries.Count] = (email, problem);
        _entries.Add(new Entry(-1, line, 0, 0, 0));
    }

    /// <summary>
    /// The different keys, as a collection whose <c>Contains</c> is a look-up (what the resolution
    /// needs). Taking them ends the adding: the set is the taker's from here, and goes with it.
    /// </summary>
    public IReadOnlyCollection<string> TakeKeys()
    {
        var firsts = _firsts ?? throw new InvalidOperationException("The keys were already taken.");
        _firsts = null;
        return new KeySet(this, firsts);
    }

    /// <summary>Frees the spare room of the last block and the row list.</summary>
    public void TrimExcess()
    {
        _entries.TrimExcess();
        if (_blocks.Count > 0 && _used < BlockSize / 2)
        {
            _blocks[^1] = _blocks[^1][.._used];
            _used = BlockSize;
        }
    }

    /// <inheritdoc />
    public IEnumerator<EmailInputRow> GetEnumerator()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ReadOnlySpan<byte> Bytes(int offset, int length) => _blocks[offset >> BlockBits].AsSpan(offset & (BlockSize - 1), length);

    private ReadOnlySpan<byte> KeyBytes(int index)
    {
        var entry = _entries[index];
        return Bytes(entry.Offset, entry.KeyLength);
    }

    private int Reserve(int length)
    {
        // At least one byte of room: an offset at the very end of a block would name the next one.
        if (_used + Math.Max(length, 1) > BlockSize)
        {
            if (_blocks.Count >= int.MaxValue >> BlockBits)
            {
                throw new InputException("The CSV is too large (over 2 GB of emails).");
            }

            _blocks.Add(new byte[BlockSize]);
            _used = 0;
        }

        var offset = ((_blocks.Count - 1) << BlockBits) | _used;
        _used += length;
        return offset;
    }

    /// <summary>A row, packed: where its key (then its email, when different) lies; Offset -1 for an unusable row.</summary>
    private readonly record struct Entry(int Offset, int Line, int DuplicateOf, ushort KeyLength, ushort EmailLength);

    /// <summary>Row numbers, equal when their keys' bytes are; looked up by a key's bytes too.</summary>
    private sealed class KeyComparer(EmailRows rows) : IEqualityComparer<int>, IAlternateEqualityComparer<ReadOnlySpan<byte>, int>
    {
        public bool Equals(int x, int y) => rows.KeyBytes(x).SequenceEqual(rows.KeyBytes(y));

        public int GetHashCode(int obj) => GetHashCode(rows.KeyBytes(obj));

        public bool Equals(ReadOnlySpan<byte> alternate, int other) => alternate.SequenceEqual(rows.KeyBytes(other));

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public int Create(ReadOnlySpan<byte> alternate) => throw new NotSupportedException("Keys are added as rows.");
    }

    /// <summary>The different keys: Contains looks a key up by its bytes; enumerating makes each key's string.</summary>
    private sealed class KeySet(EmailRows rows, HashSet<int> firsts) : IReadOnlyCollection<string>, ICollection<string>
    {
        private readonly HashSet<int>.AlternateLookup<ReadOnlySpan<byte>> _lookup = firsts.GetAlternateLookup<ReadOnlySpan<byte>>();

        public int Count => firsts.Count;

        public bool IsReadOnly => true;

        public bool Contains(string item)
        {
            if (item is null)
            {
                return false;
            }

            int length;
            try
            {
                length = Utf8.GetByteCount(item);
            }
            catch (EncoderFallbackException)
            {
                // Not text (a lone surrogate from the server): no key of a valid UTF-8 CSV is that.
                return false;
            }

            if (length > ushort.MaxValue)
            {
                return false;
            }

            Span<byte> buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
            Utf8.GetBytes(item, buffer);
            return _lookup.Contains(buffer);
        }

        public IEnumerator<string> GetEnumerator()
        {
            foreach (var index in firsts)
            {
                yield return Utf8.GetString(rows.KeyBytes(index));
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void CopyTo(string[] array, int arrayIndex)
        {
            ArgumentNullException.ThrowIfNull(array);
            foreach (var key in this)
            {
                array[arrayIndex++] = key;
            }
        }

        public void Add(string item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(string item) => throw new NotSupportedException();
    }
}
