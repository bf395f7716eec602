using System.Collections.Concurrent;
using Actors.Multiprocessing.Internal.Managing;
using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;
using Hyperion;
using Hyperion.Internal;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// The one way objects cross between processes of a family: Process targets, pool tasks, results and errors,
/// queue and pipe items other than common primitives (<see cref="ItemCodec"/>), and the library's own
/// messages (through <see cref="TransferSerializer"/>). It is Hyperion without an ActorSystem: an actor
/// reference travels as its full path and
/// is resolved only where it is read, so a child reads its target without waiting for its own ActorSystem;
/// a shared-memory segment travels as a ticket its owner holds the file for (<see cref="SegmentSurrogate"/>),
/// and a manager's proxy as its kind and object (<see cref="ProxyTravelling"/>).
/// Its options come from <c>actors.multiprocessing.transfer</c> (<see cref="MultiprocessingSettings"/>), and
/// a child runs with its parent's.
/// </summary>
internal sealed class TransferCodec
{
    private static readonly object Gate = new();
    private static volatile bool _disallowUnsafeTypes = true;

    // Made on first use: a child whose target and items are plain values never loads Hyperion.
    private static volatile TransferCodec? _current;

    private readonly Serializer _hyperion;
    private readonly ConcurrentDictionary<Type, bool> _readBack = new();

    private TransferCodec(bool disallowUnsafeTypes)
    {
        DisallowUnsafeTypes = disallowUnsafeTypes;
        _hyperion = new Serializer(new SerializerOptions(
            versionTolerance: false,
            preserveObjectReferences: true,
            surrogates:
            [
                Surrogate.Create<IActorRef, ActorPathSurrogate>(ToSurrogate, FromSurrogate),
                new SegmentSurrogate(),
                Surrogate.Create<IManagerProxy, ProxyTravelling>(ProxyTravelling.Of, travelling => travelling.Arrive()),
            ],
            serializerFactories: null,
            knownTypes: null,
            ignoreISerializable: true,
            packageNameOverrides: null,
            disallowUnsafeTypes: disallowUnsafeTypes,
            typeFilter: DisabledTypeFilter.Instance));
    }

    /// <summary>The codec of this process, as the runtime's settings last configured it.</summary>
    public static TransferCodec Current => _current ?? Create();

    /// <summary>Whether this process has built its codec (and so loaded Hyperion's serializers) yet.</summary>
    public static bool IsBuilt => _current is not null;

    /// <summary>Whether Hyperion refuses the types on its deny-list (process launchers, file handles...).</summary>
    public bool DisallowUnsafeTypes { get; }

    /// <summary>Makes <see cref="Current"/> follow <paramref name="settings"/>.</summary>
    public static void Configure(MultiprocessingSettings settings)
    {
        lock (Gate)
        {
            if (_disallowUnsafeTypes != settings.DisallowUnsafeTypes)
            {
                _disallowUnsafeTypes = settings.DisallowUnsafeTypes;
                _current = null;
            }
        }
    }

    private static TransferCodec Create()
    {
        lock (Gate)
        {
            return _current ??= new TransferCodec(_disallowUnsafeTypes);
        }
    }

    public byte[] Serialize(object value)
    {
        using var stream = new MemoryStream();
        Serialize(value, stream);
        return stream.ToArray();
    }

    public void Serialize(object value, Stream stream)
    {
        // One serialization: a segment shared by a value and its lock is written (and held for its receiver) once.
        using var writing = SegmentTransfer.Writing();
        _hyperion.Serialize(value, stream);
    }

    public T Deserialize<T>(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Deserialize<T>(stream);
    }

    public T Deserialize<T>(Stream stream) => _hyperion.Deserialize<T>(stream);

    /// <summary>
    /// Serializes a target and reads it back once, so that whatever the child could not read fails here, in
    /// the caller of Start, naming the part at fault (CPython fails late, in the child or a feeder thread).
    /// </summary>
    /// <exception cref="TransferException">A part of the target cannot be transferred.</exception>
    public byte[] SerializeTarget(TargetCall call)
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
                    throw new TransferException(part, Refusal(value.GetType(), error), error);
                }
            }

            throw new TransferException($"The target {call.Method}", e.Message, e);
        }
    }

    /// <summary>
    /// Serializes a value for another process. The first value of each type is also read back, so that a
    /// type the receiver would refuse (Hyperion's unsafe list) fails here, in the sender; later values of a
    /// type already read back are not, to keep queues fast.
    /// </summary>
    /// <exception cref="TransferException">The value cannot be transferred; <paramref name="part"/> names it.</exception>
    public byte[] SerializeChecked(string part, object? value, object message)
    {
        ProcessBound.Check(part, value);
        try
        {
            if (value is null || _readBack.ContainsKey(value.GetType()))
            {
                return Serialize(message);
            }

            var bytes = RoundTrip(message);
            _readBack.TryAdd(value.GetType(), true);
            return bytes;
        }
        catch (Exception e)
        {
            throw new TransferException(part, Refusal(value?.GetType(), e), e);
        }
    }

    /// <summary>Serializes and reads back at once: whatever the receiver could not read throws here.</summary>
    public byte[] RoundTrip(object value)
    {
        var bytes = Serialize(value);
        Deserialize<object>(bytes);
        return bytes;
    }

    /// <summary>
    /// Why a value of <paramref name="type"/> could not be serialized; when Hyperion's deny-list refused it, also
    /// what to do about that (the setting is named here because nothing else in the error leads to it).
    /// </summary>
    public static string Refusal(Type? type, Exception error)
    {
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            if (cause is EvilDeserializationException)
            {
                return $"{TypeNames.Describe(type)} is or holds a type on Hyperion's deny-list ({cause.Message}). Pass plain data " +
                    "instead (a path, a name, the bytes), or, when every process that can reach the family is trusted, " +
                    "set actors.multiprocessing.transfer.disallow-unsafe-types = off.";
            }
        }

        return $"{TypeNames.Describe(type)} failed to serialize: {error.Message}";
    }

    private Exception? Fails(object value)
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

    // With the actor's uid: a path alone resolves, in the receiving system's cache, to whichever incarnation it
    // saw first, so a message to an actor recreated at the same path (a restarted proxy) went to dead letters.
    private static ActorPathSurrogate ToSurrogate(IActorRef actor) =>
        new(actor.Path.Address.HasGlobalScope
            ? actor.Path.ToSerializationFormat()
            : actor.Path.ToSerializationFormatWithAddress(Runtime.Current.Address));

    private static IActorRef FromSurrogate(ActorPathSurrogate surrogate) =>
        Runtime.Current.System.Provider.ResolveActorRef(surrogate.Path);

    /// <summary>An actor reference in transit: its path with the address of the system it lives in.</summary>
    private sealed record ActorPathSurrogate(string Path);
}
