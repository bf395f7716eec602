using System.Reflection;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// The bytes of a Process target. A call whose instance and arguments are plain values (null, numbers, bool,
/// TimeSpan, string, byte[]) or the library's own handles (a queue, a pipe end, a value, a lock...) is
/// written directly (<see cref="HandleCodec"/>): the method's name, then each part, so that the child reads it
/// without Hyperion, whose first use costs a new process about 0.2 s of CPU. Any other call goes through the
/// <see cref="TransferCodec"/> whole.
/// </summary>
internal static class TargetCodec
{
    private const byte ThroughHyperion = 0;
    private const byte Direct = 1;

    /// <summary>Serializes <paramref name="call"/> for a child; whatever the child could not read fails here.</summary>
    /// <exception cref="TransferException">A part of the target cannot be transferred (a disposed handle among them).</exception>
    public static byte[] Encode(TargetCall call)
    {
        if (!HandleCodec.CanWrite(call.Instance) || !call.Arguments.All(HandleCodec.CanWrite))
        {
            return [ThroughHyperion, .. TransferCodec.Current.SerializeTarget(call)];
        }

        // One serialization: a segment shared by a value and its lock travels (and is held for the child) once.
        using var writing = SharedMemory.SegmentTransfer.Writing();
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
        var written = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        writer.Write(call.Instance is not null);
        writer.Write(call.Arguments.Length);
        foreach (var (part, value) in call.Parts())
        {
            try
            {
                HandleCodec.Write(writer, value, written);
            }
            catch (ObjectDisposedException e)
            {
                throw new TransferException(part, TransferCodec.Refusal(value?.GetType(), e), e);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>
    /// Runs a plain call through <see cref="Encode"/>, <see cref="Decode"/> and its invocation once, so that a
    /// warm host has that path compiled (about 10 ms of JIT) before its target arrives; the settings' pool
    /// tuning stands in for a handle (an object of the library, read field by field).
    /// </summary>
    public static void Prime()
    {
        var method = typeof(TargetCodec).GetMethod(nameof(Primed), BindingFlags.NonPublic | BindingFlags.Static)!;
        var call = new TargetCall(MethodRef.From(method), instance: null, [0, 0L, 0.0, false, TimeSpan.Zero, "", Array.Empty<byte>(), null, Runtime.CurrentSettings.Pool]);
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
        var read = new List<object>();
        var hasInstance = reader.ReadBoolean();
        var arguments = new object?[reader.ReadInt32()];
        var instance = hasInstance ? HandleCodec.Read(reader, read) : null;
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = HandleCodec.Read(reader, read);
        }

        return new TargetCall(method, instance, arguments);
    }

    private static void Primed(int i, long l, double d, bool b, TimeSpan t, string s, byte[] bytes, object? none, PoolTuning handle)
    {
    }
}
