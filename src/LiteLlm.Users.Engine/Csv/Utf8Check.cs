using System.Buffers;
using System.Text.Unicode;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// Finds the first line of a file that is not valid UTF-8, reading it once in blocks from where the
/// stream is (fast: a million-row file takes milliseconds). A file saved as Latin-1 or Windows-1252
/// would otherwise read "jörg" as "j\uFFFDrg" and quietly match nobody.
/// </summary>
internal static class Utf8Check
{
    private const int BlockSize = 64 * 1024;

    /// <summary>
    /// The 1-based line of the first byte that is not UTF-8, or null when the whole file is valid
    /// (or starts with a UTF-16 or UTF-32 byte-order mark, which the reader decodes as such).
    /// </summary>
    public static int? FirstBadLine(Stream stream)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(BlockSize + 4);
        var chars = ArrayPool<char>.Shared.Rent(BlockSize + 4);
        try
        {
            var carried = 0;
            var line = 1;
            var start = true;
            while (true)
            {
                var read = stream.Read(bytes, carried, BlockSize);
                var length = carried + read;
                var final = read == 0;
                var block = bytes.AsSpan(0, length);
                if (start && HasOtherBom(block))
                {
                    return null;
                }

                start = false;
                var status = Utf8.ToUtf16(block, chars, out var used, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == System.Buffers.OperationStatus.InvalidData || (final && status == System.Buffers.OperationStatus.NeedMoreData))
                {
                    return line + block[..used].Count((byte)'\n');
                }

                if (final)
                {
                    return null;
                }

                line += block[..used].Count((byte)'\n');

                // An incomplete sequence at the end of the block is finished by the next one.
                carried = length - used;
                block[used..].CopyTo(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool HasOtherBom(ReadOnlySpan<byte> start) =>
        start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
