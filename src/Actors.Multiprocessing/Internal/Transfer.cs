using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;
using Akka.Serialization;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// Turns objects into bytes that another process of the family can read back, with Hyperion (its deny-list
/// of unsafe types on), inside Akka's transport context so that actor references inside a value carry this
/// system's remote address and reconnect in the child.
/// </summary>
internal sealed class Transfer
{
    private readonly ExtendedActorSystem _system;
    private readonly HyperionSerializer _serializer;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> _readBack = new();

    public Transfer(ExtendedActorSystem system)
    {
        _system = system;
        var settings = HyperionSerializerSettings.Create(system.Settings.Config.GetConfig("akka.actor.serialization-settings.hyperion"));
        _serializer = new HyperionSerializer(system, new HyperionSerializerSettings(
            settings.PreserveObjectReferences,
            settings.VersionTolerance,
            settings.KnownTypesProvider,
            settings.PackageNameOverrides,
            settings.Surrogates.Append(new SegmentSurrogate()),
            settings.DisallowUnsafeType,
            settings.TypeFilter));
        system.Serialization.AddSerializer("actors-multiprocessing-hyperion", _serializer);
        system.Serialization.AddSerializationMap(typeof(IWireMessage), _serializer);
    }

    public byte[] Serialize(object value)
    {
        using var writing = SegmentTransfer.Writing();
        return Serialization.WithTransport(_system, () => _serializer.ToBinary(value));
    }

    public T Deserialize<T>(byte[] bytes) => (T)_serializer.FromBinary(bytes, typeof(T));

    /// <summary>
    /// Serializes a message for another process. The first value of each type is also read back, so that a
    /// type the receiver would refuse (Hyperion's unsafe list) fails here, in the sender; later values of a
    /// type already read back are not, to keep queues fast.
    /// </summary>
    /// <exception cref="TransferException">The value cannot be transferred.</exception>
    public byte[] SerializeMessage(string part, object? value, Func<object?, object> wrap)
    {
        ProcessBound.Check(part, value);
        var message = wrap(value);
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
            throw new TransferException(part, $"{value?.GetType()} failed to serialize: {e.Message}", e);
        }
    }

    private byte[] RoundTrip(object value)
    {
        var bytes = Serialize(value);
        _serializer.FromBinary(bytes, value.GetType());
        return bytes;
    }
}
