using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The bytes of a chunk of items or results. Arrays of primitives (ints, doubles...) are copied as raw
/// memory, several times faster than Hyperion's element-by-element encoding and safe to read (no type is
/// named); everything else goes through Hyperion with its deny-list of unsafe types.
/// </summary>
internal static class ChunkCodec
{
    private const byte Raw = 1;
    private const byte Hyperion = 2;

    public static bool IsRaw<T>() => typeof(T).IsPrimitive;

    /// <summary>
    /// Whether Hyperion reads these values back without question: nulls, primitives, strings and the BCL's
    /// plain value types. Others are read back once in the sender, so a type on Hyperion's unsafe list fails there.
    /// </summary>
    public static bool ArePlain(object?[] values)
    {
        foreach (var value in values)
        {
            if (value is not (null or string or decimal or DateTime or DateTimeOffset or TimeSpan or Guid) &&
                value.GetType() is not { IsPrimitive: true } and not { IsEnum: true })
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Encode<T>(T[] chunk)
    {
        if (!IsRaw<T>())
        {
            using var stream = new MemoryStream();
            stream.WriteByte(Hyperion);
            TransferCodec.Current.Serialize(chunk, stream);
            return stream.ToArray();
        }

        var bytes = new byte[1 + (chunk.Length * Unsafe.SizeOf<T>())];
        bytes[0] = Raw;
        Memory(chunk).CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    /// <exception cref="InvalidDataException">The bytes are not a chunk of <typeparamref name="T"/>.</exception>
    public static T[] Decode<T>(byte[] bytes)
    {
        var tag = bytes.Length > 0 ? bytes[0] : 0;
        if (tag == Hyperion && !IsRaw<T>())
        {
            using var stream = new MemoryStream(bytes, 1, bytes.Length - 1);
            return TransferCodec.Current.Deserialize<T[]>(stream);
        }

        if (tag != Raw || !IsRaw<T>() || (bytes.Length - 1) % Unsafe.SizeOf<T>() != 0)
        {
            throw new InvalidDataException($"These {bytes.Length} bytes are not a chunk of {TypeNames.Describe(typeof(T))}.");
        }

        var chunk = new T[(bytes.Length - 1) / Unsafe.SizeOf<T>()];
        bytes.AsSpan(1).CopyTo(Memory(chunk));
        return chunk;
    }

    /// <summary>The array's elements as bytes; only for primitives, which hold no references.</summary>
    private static Span<byte> Memory<T>(T[] chunk) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(chunk)), chunk.Length * Unsafe.SizeOf<T>());
}
