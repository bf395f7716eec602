namespace Actors.Multiprocessing.Internal;

/// <summary>
/// What a parent tells a new child before anything else, written to the child's stdin (never its command line,
/// which every local user can read in /proc): who it is, where its supervisor is, the family's secret, its
/// certificate (empty without TLS), and the target serialized by <see cref="Transfer"/>, so that the child
/// runs it without a round trip to its parent.
/// </summary>
internal sealed record ChildBootstrap(
    string SupervisorPath,
    string Name,
    string Identity,
    bool Daemon,
    byte[] AuthKey,
    string ParentName,
    int ParentPid,
    string UserConfig,
    byte[] FamilyPkcs12,
    byte[] Target)
{
    private const int Version = 3;

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(SupervisorPath);
        writer.Write(Name);
        writer.Write(Identity);
        writer.Write(Daemon);
        writer.Write(AuthKey.Length);
        writer.Write(AuthKey);
        writer.Write(ParentName);
        writer.Write(ParentPid);
        writer.Write(UserConfig);
        writer.Write(FamilyPkcs12.Length);
        writer.Write(FamilyPkcs12);
        writer.Write(Target.Length);
        writer.Write(Target);
        writer.Flush();
    }

    public static ChildBootstrap ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"The parent speaks bootstrap version {version}, this child {Version}: both must run the same Actors.Multiprocessing.");
        }

        return new ChildBootstrap(
            SupervisorPath: reader.ReadString(),
            Name: reader.ReadString(),
            Identity: reader.ReadString(),
            Daemon: reader.ReadBoolean(),
            AuthKey: reader.ReadBytes(reader.ReadInt32()),
            ParentName: reader.ReadString(),
            ParentPid: reader.ReadInt32(),
            UserConfig: reader.ReadString(),
            FamilyPkcs12: reader.ReadBytes(reader.ReadInt32()),
            Target: reader.ReadBytes(reader.ReadInt32()));
    }
}
