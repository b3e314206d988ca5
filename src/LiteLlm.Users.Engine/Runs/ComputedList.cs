using System.Collections;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// A read-only list whose items are made when they are read, from their index: a plan of a million
/// rows is the compact input rows and one pure function, not a million decisions kept for the whole
/// run (issue 8: a 1,000,000-row CSV within 300 MB). Reading an item twice makes it twice: the same
/// decision, but another object (a record holding lists is not even Equals to it), so nothing may rely
/// on an item's identity unless the function hands out a kept one.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
/// <param name="count">How many items.</param>
/// <param name="item">Makes item <c>i</c>; must be pure.</param>
internal sealed class ComputedList<T>(int count, Func<int, T> item) : IReadOnlyList<T>
{
    /// <inheritdoc />
    public T this[int index] => (uint)index < (uint)count ? item(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public int Count => count;

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return item(i);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
