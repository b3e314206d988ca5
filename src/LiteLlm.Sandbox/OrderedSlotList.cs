using System.Runtime.InteropServices;

namespace LiteLlm.Sandbox;

/// <summary>
/// Users kept in one total order (by id, or by creation) as a list of sorted blocks of at most
/// <see cref="MaxBlock"/> slots. Inserting or removing one slot costs O(log n + B) and finding the slot at a
/// position O(n / B), where a single <see cref="List{T}"/> costs O(n) for each insert and remove: a 100-id
/// delete at 200,000 users no longer rewrites the whole index under the store's lock, and
/// <c>/user/list?page=…</c> stays exact.
/// </summary>
/// <remarks>Not thread-safe: the store's lock guards it. A slot's sort key (id; created_at and sequence) must not
/// change while it is in the list. Each slot remembers its block (<see cref="UserSlot.IdBlock"/>,
/// <see cref="UserSlot.CreatedBlock"/>), so a removal scans one contiguous block instead of binary-searching
/// through slots scattered over the heap.</remarks>
internal sealed class OrderedSlotList
{
    /// <summary>A block that grows past this is split in two.</summary>
    internal const int MaxBlock = 1024;

    /// <summary>Block size when the list is rebuilt in one pass.</summary>
    private const int BuildBlock = MaxBlock / 2;

    private readonly SlotOrder _order;
    private readonly IComparer<UserSlot> _comparer;
    private readonly List<List<UserSlot>> _blocks = [];

    public OrderedSlotList(SlotOrder order)
    {
        _order = order;
        _comparer = order == SlotOrder.ById ? UserSlot.ById : UserSlot.ByCreated;
    }

    public int Count { get; private set; }

    /// <summary>Number of blocks (for tests of the structure).</summary>
    internal int BlockCount => _blocks.Count;

    public void Clear()
    {
        foreach (var slot in _blocks.SelectMany(b => b))
        {
            SetHome(slot, null);
        }

        _blocks.Clear();
        Count = 0;
    }

    /// <summary>Inserts <paramref name="slot"/> at its place in the order.</summary>
    public void Add(UserSlot slot)
    {
        if (_blocks.Count == 0)
        {
            List<UserSlot> first = [slot];
            _blocks.Add(first);
            SetHome(slot, first);
            Count = 1;
            return;
        }

        var b = FirstBlockNotBefore(slot);
        if (b == _blocks.Count)
        {
            b--;
        }

        var block = _blocks[b];
        var index = block.BinarySearch(slot, _comparer);
        block.Insert(index < 0 ? ~index : index, slot);
        SetHome(slot, block);
        Count++;
        if (block.Count > MaxBlock)
        {
            var half = block.Count / 2;
            var upper = block.GetRange(half, block.Count - half);
            block.RemoveRange(half, block.Count - half);
            _blocks.Insert(b + 1, upper);
            foreach (var moved in upper)
            {
                SetHome(moved, upper);
            }
        }
    }

    /// <summary>Adds many slots: sorts them and merges them with the list in one O(n + k log k) pass.</summary>
    public void AddRange(IReadOnlyCollection<UserSlot> slots)
    {
        if (slots.Count <= 16)
        {
            foreach (var slot in slots)
            {
                Add(slot);
            }

            return;
        }

        var incoming = slots.ToArray();
        Array.Sort(incoming, _comparer);
        var merged = new List<UserSlot>(Count + incoming.Length);
        var i = 0;
        foreach (var block in _blocks)
        {
            foreach (var existing in block)
            {
                while (i < incoming.Length && _comparer.Compare(incoming[i], existing) < 0)
                {
                    merged.Add(incoming[i++]);
                }

                merged.Add(existing);
            }
        }

        while (i < incoming.Length)
        {
            merged.Add(incoming[i++]);
        }

        _blocks.Clear();
        for (var start = 0; start < merged.Count; start += BuildBlock)
        {
            var block = merged.GetRange(start, Math.Min(BuildBlock, merged.Count - start));
            _blocks.Add(block);
            foreach (var slot in block)
            {
                SetHome(slot, block);
            }
        }

        Count = merged.Count;
    }

    /// <summary>Removes <paramref name="slot"/> (by reference); false when it is not in the list.</summary>
    public bool Remove(UserSlot slot)
    {
        if (HomeOf(slot) is not { } block)
        {
            return false;
        }

        var items = CollectionsMarshal.AsSpan(block);
        for (var index = 0; index < items.Length; index++)
        {
            if (ReferenceEquals(items[index], slot))
            {
                block.RemoveAt(index);
                SetHome(slot, null);
                Count--;
                if (block.Count == 0)
                {
                    _blocks.Remove(block);
                }

                return true;
            }
        }

        throw new InvalidOperationException("A slot's block does not hold it.");
    }

    /// <summary>Every slot in order (<paramref name="descending"/>: last first), starting at position <paramref name="start"/> of that direction.</summary>
    public IEnumerable<UserSlot> From(long start, bool descending)
    {
        if (start >= Count)
        {
            yield break;
        }

        var position = descending ? Count - 1 - (int)start : (int)Math.Max(0, start);
        var (b, offset) = Locate(position);
        if (descending)
        {
            for (; b >= 0; b--)
            {
                var block = _blocks[b];
                for (var i = offset < 0 ? block.Count - 1 : offset; i >= 0; i--)
                {
                    yield return block[i];
                }

                offset = -1;
            }
        }
        else
        {
            for (; b < _blocks.Count; b++)
            {
                var block = _blocks[b];
                for (var i = offset; i < block.Count; i++)
                {
                    yield return block[i];
                }

                offset = 0;
            }
        }
    }

    /// <summary>Every slot in order.</summary>
    public List<UserSlot> ToList()
    {
        var all = new List<UserSlot>(Count);
        foreach (var block in _blocks)
        {
            all.AddRange(block);
        }

        return all;
    }

    private List<UserSlot>? HomeOf(UserSlot slot) => _order == SlotOrder.ById ? slot.IdBlock : slot.CreatedBlock;

    private void SetHome(UserSlot slot, List<UserSlot>? block)
    {
        if (_order == SlotOrder.ById)
        {
            slot.IdBlock = block;
        }
        else
        {
            slot.CreatedBlock = block;
        }
    }

    /// <summary>The block and offset of ascending position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    private (int Block, int Offset) Locate(int position)
    {
        for (var b = 0; b < _blocks.Count; b++)
        {
            var size = _blocks[b].Count;
            if (position < size)
            {
                return (b, position);
            }

            position -= size;
        }

        throw new ArgumentOutOfRangeException(nameof(position));
    }

    /// <summary>The first block whose last slot does not sort before <paramref name="slot"/>; the block count when there is none.</summary>
    private int FirstBlockNotBefore(UserSlot slot)
    {
        int lo = 0, hi = _blocks.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var block = _blocks[mid];
            if (_comparer.Compare(block[^1], slot) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

/// <summary>The two orders the store keeps its users in.</summary>
internal enum SlotOrder
{
    /// <summary>User id, ordinal.</summary>
    ById,

    /// <summary>created_at, then creation sequence.</summary>
    ByCreated,
}
