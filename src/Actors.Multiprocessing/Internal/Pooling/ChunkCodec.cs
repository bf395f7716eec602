using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The bytes of a chunk of items or results. Arrays of primitives (ints, doubles...) are copied as raw
/// memory, several times faster than Hyperion's element-by-element encoding and safe to read (no type is
/// named). Chunks whose values are all ones <see cref="ItemCodec"/> writes directly (strings, boxed numbers,
/// byte arrays...), and Apply's argument lists made of such values, are written value by value with it, without
/// Hyperion and as safe to read; everything else goes through Hyperion with its deny-list of unsafe types.
/// </summary>
internal static class ChunkCodec
{
    private const byte Raw = 1;
    private const byte Hyperion = 2;
    private const byte Direct = 3;
    private const byte DirectRows = 4;

    // One delegate for every row checked (Apply checks a row per call).
    private static readonly Predicate<object?> IsDirect = ItemCodec.IsDirect;

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
            if (AllDirect(chunk) is { } rows)
            {
                WriteDirect(stream, chunk, rows);
            }
            else
            {
                stream.WriteByte(Hyperion);
                TransferCodec.Current.Serialize(chunk, stream);
            }

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

        if ((tag == Direct || (tag == DirectRows && typeof(T) == typeof(object[]))) && !IsRaw<T>())
        {
            return ReadDirect<T>(bytes, rows: tag == DirectRows);
        }

        if (tag != Raw || !IsRaw<T>() || (bytes.Length - 1) % Unsafe.SizeOf<T>() != 0)
        {
            throw new InvalidDataException($"These {bytes.Length} bytes are not a chunk of {TypeNames.Describe(typeof(T))}.");
        }

        var chunk = new T[(bytes.Length - 1) / Unsafe.SizeOf<T>()];
        bytes.AsSpan(1).CopyTo(Memory(chunk));
        return chunk;
    }

    /// <summary>
    /// Whether every value of the chunk is one ItemCodec writes directly: false when its elements are, true when
    /// they are argument lists (object arrays) of such values, null when neither (Hyperion writes the chunk).
    /// </summary>
    private static bool? AllDirect<T>(T[] chunk)
    {
        if (chunk.All(element => element is not object?[] && ItemCodec.IsDirect(element)))
        {
            return false;
        }

        return typeof(T) == typeof(object[]) && chunk.All(element => element is object?[] values && Array.TrueForAll(values, IsDirect)) ? true : null;
    }

    /// <summary>The tag, the count, then each value as its length and ItemCodec's bytes (a row first says how many values it has).</summary>
    private static void WriteDirect<T>(MemoryStream stream, T[] chunk, bool rows)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(rows ? DirectRows : Direct);
        writer.Write(chunk.Length);
        foreach (var element in chunk)
        {
            if (rows)
            {
                var values = (object?[])(object)element!;
                writer.Write(values.Length);
                foreach (var value in values)
                {
                    WriteValue(writer, value);
                }
            }
            else
            {
                WriteValue(writer, element);
            }
        }
    }

    private static void WriteValue<TValue>(BinaryWriter writer, TValue value)
    {
        var bytes = ItemCodec.Encode(value, "A value");
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <exception cref="InvalidDataException">The bytes end early, or a value is not what ItemCodec writes.</exception>
    private static T[] ReadDirect<T>(byte[] bytes, bool rows)
    {
        var at = 1;
        var chunk = new T[ReadLength(bytes, ref at)];
        for (var i = 0; i < chunk.Length; i++)
        {
            if (rows)
            {
                var values = new object?[ReadLength(bytes, ref at)];
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = ItemCodec.Decode<object?>(ReadValue(bytes, ref at));
                }

                chunk[i] = (T)(object)values;
            }
            else
            {
                chunk[i] = ItemCodec.Decode<T>(ReadValue(bytes, ref at));
            }
        }

        return at == bytes.Length ? chunk : throw new InvalidDataException($"{bytes.Length - at} bytes follow the chunk's last value.");
    }

    private static ReadOnlySpan<byte> ReadValue(byte[] bytes, ref int at)
    {
        var length = ReadLength(bytes, ref at);
        if (length > bytes.Length - at)
        {
            throw new InvalidDataException($"A value of {length} bytes runs past the chunk's end.");
        }

        at += length;
        return bytes.AsSpan(at - length, length);
    }

    private static int ReadLength(byte[] bytes, ref int at)
    {
        if (bytes.Length - at < 4 || System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) is not (>= 0 and var length))
        {
            throw new InvalidDataException("The chunk ends before a length, or a length is negative.");
        }

        at += 4;
        return length;
    }

    /// <summary>The array's elements as bytes; only for primitives, which hold no references.</summary>
    private static Span<byte> Memory<T>(T[] chunk) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(chunk)), chunk.Length * Unsafe.SizeOf<T>());
}
