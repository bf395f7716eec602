using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// The bytes of a queue item or pipe message: a tag byte, then the value. Null, int, long, double, bool,
/// TimeSpan, string and byte[] are written directly (a queue of ints moves millions a second); anything else goes
/// through the <see cref="TransferCodec"/> (Hyperion), with its checks. The tag keeps the runtime type, so a
/// boxed int read as object is an int again.
/// </summary>
internal static class ItemCodec
{
    private const byte Hyperion = 0;
    private const byte Null = 1;
    private const byte Int32 = 2;
    private const byte Int64 = 3;
    private const byte Double = 4;
    private const byte Boolean = 5;
    private const byte String = 6;
    private const byte Bytes = 7;
    private const byte Duration = 8;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>Whether <paramref name="value"/> is written directly, without Hyperion.</summary>
    public static bool IsDirect(object? value) => value is null or int or long or double or bool or TimeSpan or string or byte[];

    /// <summary>
    /// Encodes <paramref name="value"/>; the bytes are valid until the next Encode on this thread.
    /// </summary>
    /// <exception cref="TransferException">The value cannot be transferred; <paramref name="part"/> names it.</exception>
    public static ReadOnlySpan<byte> Encode<T>(T value, string part)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        switch (value)
        {
            case null:
                buffer.Write([Null]);
                break;
            case int i:
                BinaryPrimitives.WriteInt32LittleEndian(Tagged(buffer, Int32, 4), i);
                break;
            case long l:
                BinaryPrimitives.WriteInt64LittleEndian(Tagged(buffer, Int64, 8), l);
                break;
            case double d:
                BinaryPrimitives.WriteDoubleLittleEndian(Tagged(buffer, Double, 8), d);
                break;
            case bool b:
                buffer.Write([Boolean, b ? (byte)1 : (byte)0]);
                break;
            case TimeSpan t:
                BinaryPrimitives.WriteInt64LittleEndian(Tagged(buffer, Duration, 8), t.Ticks);
                break;
            case string s:
                buffer.Write([String]);
                buffer.Advance(Encoding.UTF8.GetBytes(s, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length))));
                break;
            case byte[] bytes:
                buffer.Write([Bytes]);
                buffer.Write(bytes);
                break;
            default:
                buffer.Write([Hyperion]);
                buffer.Write(TransferCodec.Current.SerializeChecked(part, value, new Envelope(value)));
                break;
        }

        return buffer.WrittenSpan;
    }

    /// <summary>The value in <paramref name="bytes"/>, written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidDataException">The bytes are not an encoded item (e.g. raw bytes sent with SendBytes).</exception>
    public static T Decode<T>(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new InvalidDataException("An empty message is not an encoded object: was it sent with SendBytes? Receive those with RecvBytes, not Recv.");
        }

        var body = bytes[1..];
        switch (bytes[0])
        {
            case Int32 when typeof(T) == typeof(int) && body.Length == 4:
                var i = BinaryPrimitives.ReadInt32LittleEndian(body);
                return Unsafe.As<int, T>(ref i);
            case Int64 when typeof(T) == typeof(long) && body.Length == 8:
                var l = BinaryPrimitives.ReadInt64LittleEndian(body);
                return Unsafe.As<long, T>(ref l);
            case Double when typeof(T) == typeof(double) && body.Length == 8:
                var d = BinaryPrimitives.ReadDoubleLittleEndian(body);
                return Unsafe.As<double, T>(ref d);
            default:
                return (T)Boxed(bytes[0], body)!;
        }
    }

    private static object? Boxed(byte tag, ReadOnlySpan<byte> body) => tag switch
    {
        Null when body.IsEmpty => null,
        Int32 when body.Length == 4 => BinaryPrimitives.ReadInt32LittleEndian(body),
        Int64 when body.Length == 8 => BinaryPrimitives.ReadInt64LittleEndian(body),
        Double when body.Length == 8 => BinaryPrimitives.ReadDoubleLittleEndian(body),
        Boolean when body.Length == 1 => body[0] != 0,
        Duration when body.Length == 8 => TimeSpan.FromTicks(BinaryPrimitives.ReadInt64LittleEndian(body)),
        String => Encoding.UTF8.GetString(body),
        Bytes => body.ToArray(),
        Hyperion => TransferCodec.Current.Deserialize<Envelope>(body.ToArray()).Value,
        _ => throw new InvalidDataException($"The message is not an encoded object (tag {tag}, {body.Length} bytes): was it sent with SendBytes? Receive those with RecvBytes, not Recv."),
    };

    /// <summary>Writes the tag and reserves <paramref name="size"/> bytes after it, returned to be filled.</summary>
    private static Span<byte> Tagged(ArrayBufferWriter<byte> buffer, byte tag, int size)
    {
        var span = buffer.GetSpan(size + 1);
        span[0] = tag;
        buffer.Advance(size + 1);
        return span.Slice(1, size);
    }

    /// <summary>Wraps a Hyperion item so that null and value types travel the same way.</summary>
    private sealed record Envelope(object? Value);
}
