using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The second half of what a parent tells a new child over stdin, after its <see cref="ChildPrelude"/>: who
/// the child is, where its supervisor is, the family's secret, and the target serialized by
/// <see cref="TransferCodec"/>, so that the child runs it without a round trip to its parent.
/// </summary>
internal sealed record ChildBootstrap(
    string SupervisorPath,
    string Name,
    string Identity,
    bool Daemon,
    byte[] AuthKey,
    string ParentName,
    int ParentPid,
    byte[] Target)
{
    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(SupervisorPath);
        writer.Write(Name);
        writer.Write(Identity);
        writer.Write(Daemon);
        writer.Write(AuthKey.Length);
        writer.Write(AuthKey);
        writer.Write(ParentName);
        writer.Write(ParentPid);
        writer.Write(Target.Length);
        writer.Write(Target);
        writer.Flush();
    }

    /// <exception cref="EndOfStreamException">The parent died (or dropped this warm host) before it gave a target.</exception>
    public static ChildBootstrap ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        return new ChildBootstrap(
            SupervisorPath: reader.ReadString(),
            Name: reader.ReadString(),
            Identity: reader.ReadString(),
            Daemon: reader.ReadBoolean(),
            AuthKey: reader.ReadBytes(reader.ReadInt32()),
            ParentName: reader.ReadString(),
            ParentPid: reader.ReadInt32(),
            Target: reader.ReadBytes(reader.ReadInt32()));
    }
}
