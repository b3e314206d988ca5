namespace LiteLlm.Sandbox.Tests;

/// <summary>The block list behind the store's id and creation indexes: same order and positions as one sorted list.</summary>
public sealed class OrderedSlotListTests
{
    private static UserSlot Slot(string id, long sequence) => new(new SandboxUser { UserId = id }, sequence);

    [Fact]
    public void RandomInsertsAndRemoves_KeepTheOrderAndPositionsOfASortedList()
    {
        // Arrange
        var rng = new Random(7);
        var list = new OrderedSlotList(SlotOrder.ById);
        var reference = new List<UserSlot>();
        var sequence = 0L;
        list.AddRange(Enumerable.Range(0, 5_000).Select(i => Slot($"u{rng.Next():x8}-{i}", ++sequence)).ToList());
        reference.AddRange(list.ToList());

        // Act: interleave single inserts, bulk inserts and removals of every size.
        for (var round = 0; round < 400; round++)
        {
            switch (rng.Next(4))
            {
                case 0:
                    var single = Slot($"u{rng.Next():x8}-s{round}", ++sequence);
                    list.Add(single);
                    reference.Insert(~reference.BinarySearch(single, UserSlot.ById), single);
                    break;
                case 1:
                    var batch = Enumerable.Range(0, rng.Next(1, 60)).Select(i => Slot($"u{rng.Next():x8}-b{round}-{i}", ++sequence)).ToList();
                    list.AddRange(batch);
                    reference.AddRange(batch);
                    reference.Sort(UserSlot.ById);
                    break;
                default:
                    for (var n = rng.Next(1, 120); n > 0 && reference.Count > 0; n--)
                    {
                        var victim = reference[rng.Next(reference.Count)];
                        list.Remove(victim).ShouldBeTrue();
                        reference.Remove(victim);
                    }

                    break;
            }

            // Assert: every page, both directions, is the reference's page.
            list.Count.ShouldBe(reference.Count);
            var skip = rng.Next(reference.Count + 10);
            list.From(skip, descending: false).Take(25).ShouldBe(reference.Skip(skip).Take(25));
            list.From(skip, descending: true).Take(25).ShouldBe(Enumerable.Reverse(reference).Skip(skip).Take(25));
        }

        list.ToList().ShouldBe(reference);
        list.From(0, descending: true).ShouldBe(Enumerable.Reverse(reference));
    }

    [Fact]
    public void GrowingPastABlock_SplitsItAndEmptiedBlocksDisappear()
    {
        // Arrange
        var list = new OrderedSlotList(SlotOrder.ById);
        var slots = Enumerable.Range(0, (OrderedSlotList.MaxBlock * 3) + 1).Select(i => Slot($"u{i:000000}", i)).ToList();

        // Act
        foreach (var slot in slots)
        {
            list.Add(slot);
        }

        var blocksWhenFull = list.BlockCount;
        foreach (var slot in slots)
        {
            list.Remove(slot).ShouldBeTrue();
        }

        // Assert
        blocksWhenFull.ShouldBeGreaterThan(3);
        list.Count.ShouldBe(0);
        list.BlockCount.ShouldBe(0);
        list.From(0, descending: false).ShouldBeEmpty();
        list.Remove(slots[0]).ShouldBeFalse();
    }
}
