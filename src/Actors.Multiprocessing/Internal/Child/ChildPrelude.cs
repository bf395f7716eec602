namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The first half of what a parent tells a new child over stdin (never its command line, which every local
/// user can read in /proc): the configuration and certificate its ActorSystem starts from, the same for
/// every child of this parent. A warm host (<see cref="WarmHosts"/>) gets it at spawn time and prepares
/// itself; the <see cref="ChildBootstrap"/> follows when the host is given a target.
/// </summary>
internal sealed record ChildPrelude(string UserConfig, byte[] FamilyPkcs12)
{
    private const int Version = 5;

    /// <summary>The prelude of <paramref name="runtime"/>'s children: its configuration and the family certificate.</summary>
    public static ChildPrelude For(Runtime runtime) => new(runtime.UserConfig.Root.ToString(), runtime.Family?.Pkcs12 ?? []);

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
