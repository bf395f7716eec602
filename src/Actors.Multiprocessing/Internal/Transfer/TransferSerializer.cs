using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// <see cref="TransferCodec"/> as an Akka serializer, bound to <see cref="IWireMessage"/>: the library's
/// messages between family members are written by the same codec as targets and items, whatever the
/// ActorSystem binds for its own messages.
/// </summary>
internal sealed class TransferSerializer : Akka.Serialization.Serializer
{
    public TransferSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Akka's own serializers take identifiers below 100; this one is fixed so every family member agrees.</summary>
    public override int Identifier => 4_301;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => TransferCodec.Current.Serialize(obj);

    public override object FromBinary(byte[] bytes, Type type) => TransferCodec.Current.Deserialize<object>(bytes);
}
