using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The bytes of a link's requests and answers. A method call, the common case, is written compactly: the
/// method by an index that the link named once, the object's id, and each value through <see cref="ItemCodec"/>
/// (ints, strings and the other plain types directly). Everything else is written by the transfer codec.
/// </summary>
internal static class ManagerWire
{
    private const byte General = 0;
    private const byte Call = 1;
    private const byte NamingCall = 2;
    private const byte Returned = 3;

    /// <summary>A request; a method the link has not named yet is named now and remembered in <paramref name="named"/>.</summary>
    /// <exception cref="TransferException">An argument cannot be transferred.</exception>
    public static byte[] WriteRequest(object request, Dictionary<MethodRef, int> named)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        if (request is not CallObject call)
        {
            WriteGeneral(writer, request);
            return stream.ToArray();
        }

        if (named.TryGetValue(call.Method, out var index))
        {
            writer.Write(Call);
            writer.Write(index);
        }
        else
        {
            writer.Write(NamingCall);
            WriteMethod(writer, call.Method);
        }

        writer.Write(call.Id);
        WriteValues(writer, call.Arguments, $"An argument of {call.Method.Display} for the manager");
        var bytes = stream.ToArray();
        named.TryAdd(call.Method, named.Count);
        return bytes;
    }

    /// <summary>In the manager: the request again; a naming call adds its method to <paramref name="methods"/>.</summary>
    public static object ReadRequest(byte[] bytes, List<MethodRef> methods)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        switch (reader.ReadByte())
        {
            case General:
                return ReadGeneral(reader);
            case NamingCall:
                methods.Add(ReadMethod(reader));
                return new CallObject(reader.ReadInt64(), methods[^1], ReadValues(reader));
            default:
                var method = methods[reader.ReadInt32()];
                return new CallObject(reader.ReadInt64(), method, ReadValues(reader));
        }
    }

    /// <exception cref="TransferException">The result cannot be transferred.</exception>
    public static byte[] WriteAnswer(object answer)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        if (answer is CallReturned { Value: not object?[] } returned)
        {
            writer.Write(Returned);
            WriteValues(writer, [returned.Value], "The result in the manager");
            WriteValues(writer, returned.Arguments, "An out argument in the manager");
        }
        else
        {
            WriteGeneral(writer, answer);
        }

        return stream.ToArray();
    }

    public static object ReadAnswer(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return reader.ReadByte() == Returned
            ? new CallReturned(ReadValues(reader)[0], ReadValues(reader))
            : ReadGeneral(reader);
    }

    private static void WriteGeneral(BinaryWriter writer, object message)
    {
        writer.Write(General);
        writer.Write(TransferCodec.Current.Serialize(message));
    }

    private static object ReadGeneral(BinaryReader reader) =>
        TransferCodec.Current.Deserialize<object>(reader.ReadBytes((int)(reader.BaseStream.Length - reader.BaseStream.Position)));

    private static void WriteMethod(BinaryWriter writer, MethodRef method)
    {
        writer.Write(method.DeclaringType);
        writer.Write(method.MetadataToken);
        writer.Write(method.TypeArguments.Length);
        foreach (var argument in method.TypeArguments)
        {
            writer.Write(argument);
        }

        writer.Write(method.Display);
    }

    private static MethodRef ReadMethod(BinaryReader reader)
    {
        var declaring = reader.ReadString();
        var token = reader.ReadInt32();
        var typeArguments = new string[reader.ReadInt32()];
        for (var i = 0; i < typeArguments.Length; i++)
        {
            typeArguments[i] = reader.ReadString();
        }

        return new MethodRef(declaring, token, typeArguments, reader.ReadString());
    }

    private static void WriteValues(BinaryWriter writer, object?[] values, string part)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            var encoded = ItemCodec.Encode(value, part);
            writer.Write(encoded.Length);
            writer.Write(encoded);
        }
    }

    private static object?[] ReadValues(BinaryReader reader)
    {
        var values = new object?[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ItemCodec.Decode<object?>(reader.ReadBytes(reader.ReadInt32()));
        }

        return values;
    }
}
