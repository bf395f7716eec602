using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// <see cref="TransferCodec"/> as an Akka serializer, bound to <see cref="IWireMessage"/>: the library's
/// messages between family members are written by the same codec as targets and items, whatever the
/// ActorSystem binds for its own messages; a pool's task batches and outcomes, which every task crosses in,
/// are written field by field (<see cref="Pooling.PoolWire"/>). The first byte says which: 0 for the codec.
/// </summary>
internal sealed class TransferSerializer : Akka.Serialization.Serializer
{
    private const byte ThroughCodec = 0;

    public TransferSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Akka's own serializers take identifiers below 100; this one is fixed so every family member agrees.</summary>
    public override int Identifier => 4_301;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        if (Pooling.PoolWire.TryWrite(obj) is { } written)
        {
            return written;
        }

        using var stream = new MemoryStream();
        stream.WriteByte(ThroughCodec);
        TransferCodec.Current.Serialize(obj, stream);
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        if (bytes.Length > 0 && bytes[0] != ThroughCodec)
        {
            return Pooling.PoolWire.Read(bytes);
        }

        using var stream = new MemoryStream(bytes, 1, bytes.Length - 1);
        return TransferCodec.Current.Deserialize<object>(stream);
    }
}
