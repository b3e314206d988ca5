namespace LiteLlm.Sandbox;

/// <summary>
/// Every user's lower-cased email (<see cref="UserSlot.EmailLower"/>) in one character buffer, entries separated
/// by <c>'\0'</c>, so <c>/user/list?user_email=…</c> (a case-insensitive substring filter) is one vectorised
/// search over ~26 characters per user instead of one call per user on strings spread over the heap: at
/// 200,000 users a lookup no longer costs tens of milliseconds of the store's lock.
/// </summary>
/// <remarks>
/// Not thread-safe: the store's lock guards it. A removed entry is blanked with <c>'\0'</c> and its slot
/// forgotten; the buffer is compacted once the dead characters outnumber the live ones. A needle without
/// <c>'\0'</c> cannot match across two entries, and entry bounds come from <see cref="_starts"/>, so
/// <see cref="Search"/> finds exactly the slots whose <c>EmailLower.Contains(needle, Ordinal)</c>.
/// </remarks>
internal sealed class EmailSearchIndex
{
    private const int MinCompaction = 1 << 16;

    private char[] _text = new char[1024];
    private int _length;
    private int[] _starts = new int[64];
    private UserSlot?[] _slots = new UserSlot?[64];
    private int _count;
    private int _deadChars;

    /// <summary>Number of live entries (for tests).</summary>
    internal int LiveCount { get; private set; }

    /// <summary>Indexes the slot's current <see cref="UserSlot.EmailLower"/> (nothing when it has no email).</summary>
    public void Add(UserSlot slot)
    {
        if (slot.EmailLower is not { } email)
        {
            slot.EmailEntry = -1;
            return;
        }

        if (_length + email.Length + 1 > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + email.Length + 1));
        }

        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _slots, _count * 2);
        }

        _starts[_count] = _length;
        _slots[_count] = slot;
        slot.EmailEntry = _count++;
        LiveCount++;
        email.CopyTo(_text.AsSpan(_length));
        _length += email.Length;
        _text[_length++] = '\0';
    }

    /// <summary>Forgets the slot's entry, if it has one.</summary>
    public void Remove(UserSlot slot)
    {
        var entry = slot.EmailEntry;
        if (entry < 0 || entry >= _count || !ReferenceEquals(_slots[entry], slot))
        {
            return;
        }

        slot.EmailEntry = -1;
        _slots[entry] = null;
        LiveCount--;
        var start = _starts[entry];
        var end = entry + 1 < _count ? _starts[entry + 1] : _length;
        _text.AsSpan(start, end - start).Clear();
        _deadChars += end - start;
        if (_deadChars > MinCompaction && _deadChars > _length - _deadChars)
        {
            Compact();
        }
    }

    /// <summary>
    /// The slots whose lower-cased email contains <paramref name="needle"/> (ordinal), in no particular order;
    /// <c>null</c> when the needle is empty or holds <c>'\0'</c> (then only a scan can answer).
    /// </summary>
    public List<UserSlot>? Search(string needle)
    {
        if (needle.Length == 0 || needle.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var found = new List<UserSlot>();
        var text = _text.AsSpan(0, _length);
        var position = 0;
        while (position < text.Length)
        {
            var hit = text[position..].IndexOf(needle.AsSpan());
            if (hit < 0)
            {
                break;
            }

            var entry = EntryAt(position + hit);
            if (_slots[entry] is { } slot)
            {
                found.Add(slot);
            }

            position = entry + 1 < _count ? _starts[entry + 1] : _length;
        }

        return found;
    }

    public void Clear()
    {
        foreach (var slot in _slots.AsSpan(0, _count))
        {
            if (slot is not null)
            {
                slot.EmailEntry = -1;
            }
        }

        Array.Clear(_slots, 0, _count);
        _count = 0;
        _length = 0;
        _deadChars = 0;
        LiveCount = 0;
    }

    /// <summary>The entry that holds character <paramref name="position"/>.</summary>
    private int EntryAt(int position)
    {
        var index = Array.BinarySearch(_starts, 0, _count, position);
        return index >= 0 ? index : ~index - 1;
    }

    private void Compact()
    {
        var live = new List<UserSlot>(LiveCount);
        foreach (var slot in _slots.AsSpan(0, _count))
        {
            if (slot is not null)
            {
                live.Add(slot);
            }
        }

        Clear();
        _text = new char[Math.Max(1024, _text.Length / 2)];
        foreach (var slot in live)
        {
            Add(slot);
        }
    }
}
