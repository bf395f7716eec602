using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// The library's own handles (queues, pipe ends, shared values and arrays, locks, events...) and plain values
/// as bytes without Hyperion, for Process targets: a child that receives a queue or a value then reads it
/// with reflection over the handle's fields, instead of paying Hyperion's first use (about 0.2 s of CPU in a
/// new process: its serializers are compiled expressions). It writes what Hyperion writes: every instance
/// field except those marked <see cref="Hyperion.IgnoreAttribute"/>, a segment as its ticket
/// (<see cref="SegmentTransfer"/>), and each object once, so that a value and its lock still share one
/// segment. A graph holding anything else (a type of another assembly, an array, a delegate) is not for
/// this codec: <see cref="CanWrite"/> says so, and the caller uses Hyperion.
/// </summary>
internal static class HandleCodec
{
    private const byte Null = 0;
    private const byte Reference = 1;
    private const byte Plain = 2;
    private const byte Segment = 3;
    private const byte Handle = 4;
    private const byte BareObject = 5;

    private static readonly Assembly Library = typeof(HandleCodec).Assembly;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Fields = new();

    /// <summary>Whether <paramref name="value"/> is a plain value or a graph of the library's handles only.</summary>
    public static bool CanWrite(object? value) => CanWriteUnseen(value, new HashSet<object>(ReferenceEqualityComparer.Instance));

    /// <summary>Writes what <see cref="CanWrite"/> accepted; <paramref name="written"/> numbers the objects of one message.</summary>
    public static void Write(BinaryWriter writer, object? value, Dictionary<object, int> written)
    {
        switch (value)
        {
            case null:
                writer.Write(Null);
                return;
            case var _ when ItemCodec.IsDirect(value):
                var bytes = ItemCodec.Encode(value, "");
                writer.Write(Plain);
                writer.Write(bytes.Length);
                writer.Write(bytes);
                return;
            case var _ when written.TryGetValue(value, out var id):
                writer.Write(Reference);
                writer.Write(id);
                return;
        }

        written.Add(value, written.Count);
        if (value is SharedSegment segment)
        {
            var ticket = SegmentTransfer.ToTicket(segment);
            writer.Write(Segment);
            writer.Write(ticket.Path);
            writer.Write(ticket.Owner);
            writer.Write(ticket.Kind);
            writer.Write(ticket.Domain);
            writer.Write(ticket.Token.ToByteArray());
            writer.Write(ticket.Sender);
            writer.Write(ticket.Launched);
        }
        else if (value.GetType() == typeof(object))
        {
            writer.Write(BareObject);
        }
        else
        {
            writer.Write(Handle);
            writer.Write(MethodRef.QualifiedName(value.GetType()));
            foreach (var field in FieldsOf(value.GetType()))
            {
                Write(writer, field.GetValue(value), written);
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="read"/> holds the objects of one message so far.</summary>
    public static object? Read(BinaryReader reader, List<object> read)
    {
        switch (reader.ReadByte())
        {
            case Null:
                return null;
            case Plain:
                return ItemCodec.Decode<object>(reader.ReadBytes(reader.ReadInt32()));
            case Reference:
                return read[reader.ReadInt32()];
            case Segment:
                var ticket = new SegmentTicket(
                    Path: reader.ReadString(),
                    Owner: reader.ReadString(),
                    Kind: reader.ReadString(),
                    Domain: reader.ReadString(),
                    Token: new Guid(reader.ReadBytes(16)),
                    Sender: reader.ReadInt64(),
                    Launched: reader.ReadBoolean());
                var segment = SharedSegment.Receive(ticket);
                read.Add(segment);
                return segment;
            case BareObject:
                var bare = new object();
                read.Add(bare);
                return bare;
            case Handle:
                var type = TypeNames.Find(reader.ReadString());
                var handle = RuntimeHelpers.GetUninitializedObject(type);
                read.Add(handle);
                foreach (var field in FieldsOf(type))
                {
                    field.SetValue(handle, Read(reader, read));
                }

                return handle;
            case var tag:
                throw new InvalidDataException($"Byte {tag} does not start a handle or a value: the bytes are not a target.");
        }
    }

    private static bool CanWriteUnseen(object? value, HashSet<object> seen)
    {
        if (value is null || ItemCodec.IsDirect(value) || value is SharedSegment || value.GetType() == typeof(object) || !seen.Add(value))
        {
            return true;
        }

        var type = value.GetType();
        return type.Assembly == Library
            && !typeof(Delegate).IsAssignableFrom(type)
            && FieldsOf(type).All(field => CanWriteUnseen(field.GetValue(value), seen));
    }

    /// <summary>The fields Hyperion writes: every instance field of the type and its bases, but the ignored ones.</summary>
    private static FieldInfo[] FieldsOf(Type type) => Fields.GetOrAdd(type, static type =>
    {
        var fields = new List<FieldInfo>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            fields.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(field => field.GetCustomAttribute<Hyperion.IgnoreAttribute>() is null));
        }

        return [.. fields];
    });
}
