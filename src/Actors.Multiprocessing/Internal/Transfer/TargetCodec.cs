using System.Reflection;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// The bytes of a Process target. A call whose arguments are all plain values (<see cref="ItemCodec.IsDirect"/>:
/// null, numbers, bool, string, byte[]) and that has no instance is written directly: the method's name and
/// each argument's item bytes, so that the child reads it without Hyperion (whose first use costs a child
/// tens of milliseconds of JIT and compiled expressions). Any other call goes through the
/// <see cref="TransferCodec"/> whole, with the references between its parts.
/// </summary>
internal static class TargetCodec
{
    private const byte ThroughHyperion = 0;
    private const byte Direct = 1;

    /// <summary>Serializes <paramref name="call"/> for a child; whatever the child could not read fails here.</summary>
    /// <exception cref="TransferException">A part of the target cannot be transferred.</exception>
    public static byte[] Encode(TargetCall call)
    {
        if (call.Instance is not null || !call.Arguments.All(ItemCodec.IsDirect))
        {
            return [ThroughHyperion, .. TransferCodec.Current.SerializeTarget(call)];
        }

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Direct);
        writer.Write(call.Method.DeclaringType);
        writer.Write(call.Method.MetadataToken);
        writer.Write(call.Method.TypeArguments.Length);
        foreach (var typeArgument in call.Method.TypeArguments)
        {
            writer.Write(typeArgument);
        }

        writer.Write(call.Method.Display);
        writer.Write(call.Arguments.Length);
        foreach (var argument in call.Arguments)
        {
            var bytes = ItemCodec.Encode(argument, "");
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>
    /// Runs a plain call through <see cref="Encode"/>, <see cref="Decode"/> and its invocation once, so that a
    /// warm host has that path compiled (about 10 ms of JIT) before its target arrives.
    /// </summary>
    public static void Prime()
    {
        var method = typeof(TargetCodec).GetMethod(nameof(Primed), BindingFlags.NonPublic | BindingFlags.Static)!;
        var call = new TargetCall(MethodRef.From(method), instance: null, [0, 0L, 0.0, false, TimeSpan.Zero, "", Array.Empty<byte>(), null]);
        Decode(Encode(call)).InvokeAsync().GetAwaiter().GetResult();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
    public static TargetCall Decode(byte[] bytes)
    {
        if (bytes[0] == ThroughHyperion)
        {
            return TransferCodec.Current.Deserialize<TargetCall>(bytes.AsMemory(1).ToArray());
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 1, bytes.Length - 1));
        var declaringType = reader.ReadString();
        var token = reader.ReadInt32();
        var typeArguments = new string[reader.ReadInt32()];
        for (var i = 0; i < typeArguments.Length; i++)
        {
            typeArguments[i] = reader.ReadString();
        }

        var method = new MethodRef(declaringType, token, typeArguments, display: reader.ReadString());
        var arguments = new object?[reader.ReadInt32()];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ItemCodec.Decode<object>(reader.ReadBytes(reader.ReadInt32()));
        }

        return new TargetCall(method, instance: null, arguments);
    }

    private static void Primed(int i, long l, double d, bool b, TimeSpan t, string s, byte[] bytes, object? none)
    {
    }
}
