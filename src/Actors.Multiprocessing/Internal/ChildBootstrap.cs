namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The first half of what a parent tells a new child over stdin (never its command line, which every local
/// user can read in /proc): the configuration and certificate its ActorSystem starts from, the same for
/// every child of this parent. A warm host (<see cref="WarmHosts"/>) gets it at spawn time and prepares
/// itself; the <see cref="ChildBootstrap"/> follows when the host is given a target.
/// </summary>
internal sealed record ChildPrelude(string UserConfig, byte[] FamilyPkcs12)
{
    private const int Version = 4;

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(UserConfig);
        writer.Write(FamilyPkcs12.Length);
        writer.Write(FamilyPkcs12);
        writer.Flush();
    }

    /// <exception cref="EndOfStreamException">The parent died before it said anything.</exception>
    /// <exception cref="InvalidDataException">The parent runs another version of the library.</exception>
    public static ChildPrelude ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"The parent speaks bootstrap version {version}, this child {Version}: both must run the same Actors.Multiprocessing.");
        }

        return new ChildPrelude(UserConfig: reader.ReadString(), FamilyPkcs12: reader.ReadBytes(reader.ReadInt32()));
    }
}

/// <summary>
/// The second half: who the child is, where its supervisor is, the family's secret, and the target
/// serialized by <see cref="TargetSerializer"/>, so that the child runs it without a round trip to its parent.
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
