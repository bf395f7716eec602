using Akka.Actor;
using Actors.Multiprocessing.Internal.SharedMemory;
using Hyperion;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// Serializes Process targets with Hyperion, without an ActorSystem: an actor reference inside a target (a
/// queue or pipe handle) travels as its full path and is resolved in the child only when the target holds
/// one. So a child whose target needs no actor reaches it without waiting for its own ActorSystem, which
/// starts alongside. Hyperion's deny-list of unsafe types is on, as for every transfer.
/// </summary>
internal static class TargetSerializer
{
    private static readonly Serializer Hyperion = new(new SerializerOptions(
        versionTolerance: false,
        preserveObjectReferences: true,
        surrogates: [Surrogate.Create<IActorRef, ActorPathSurrogate>(ToSurrogate, FromSurrogate), new SegmentSurrogate()],
        serializerFactories: null,
        knownTypes: null,
        ignoreISerializable: true,
        packageNameOverrides: null,
        disallowUnsafeTypes: true,
        typeFilter: DisabledTypeFilter.Instance));

    public static byte[] Serialize(object value)
    {
        using var stream = new MemoryStream();
        Serialize(value, stream);
        return stream.ToArray();
    }

    public static void Serialize(object value, Stream stream)
    {
        using var writing = SegmentTransfer.Writing();
        Hyperion.Serialize(value, stream);
    }

    public static T Deserialize<T>(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Deserialize<T>(stream);
    }

    public static T Deserialize<T>(Stream stream) => Hyperion.Deserialize<T>(stream);

    /// <summary>
    /// Builds Hyperion's readers for targets ahead of the first one, in a child host waiting for its target;
    /// the first deserialization of a type costs tens of milliseconds.
    /// </summary>
    public static void Warm()
    {
        var method = MethodRef.From(typeof(TargetSerializer).GetMethod(nameof(Warm))!);
        Deserialize<TargetCall>(Serialize(new TargetCall(method, null, [0, "", null])));
    }

    /// <summary>
    /// Serializes a target and reads it back once, so that whatever the child could not read fails here, in
    /// the caller of Start, naming the part at fault (CPython fails late, in the child or a feeder thread).
    /// </summary>
    /// <exception cref="TransferException">A part of the target cannot be transferred.</exception>
    public static byte[] SerializeTarget(TargetCall call)
    {
        foreach (var (part, value) in call.Parts())
        {
            ProcessBound.Check(part, value);
        }

        try
        {
            return RoundTrip(call);
        }
        catch (Exception e)
        {
            foreach (var (part, value) in call.Parts())
            {
                if (value is not null && Fails(value) is { } error)
                {
                    throw new TransferException(part, $"{value.GetType()} failed to serialize: {error.Message}", error);
                }
            }

            throw new TransferException($"The target {call.Method}", e.Message, e);
        }
    }

    private static byte[] RoundTrip(object value)
    {
        var bytes = Serialize(value);
        Deserialize<object>(bytes);
        return bytes;
    }

    private static Exception? Fails(object value)
    {
        try
        {
            RoundTrip(value);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static ActorPathSurrogate ToSurrogate(IActorRef actor) =>
        new(actor.Path.ToStringWithAddress(Runtime.Current.Address));

    private static IActorRef FromSurrogate(ActorPathSurrogate surrogate) =>
        Runtime.Current.System.Provider.ResolveActorRef(surrogate.Path);

    /// <summary>An actor reference in transit: its path with the address of the system it lives in.</summary>
    private sealed record ActorPathSurrogate(string Path);
}
