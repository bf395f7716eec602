namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The first half of what a parent tells a new child over stdin (never its command line, which every local
/// user can read in /proc): the library's settings (as bytes, so a child parses no HOCON unless it starts its
/// ActorSystem), and the configuration and certificate that system would start from; the same for every
/// child of this parent. A warm host (<see cref="WarmHosts"/>) gets it at spawn time and prepares
/// itself; the <see cref="ChildBootstrap"/> follows when the host is given a target. <see cref="Waits"/> says
/// which: a host started for a child at hand gets its target at once and compiles only what that target takes.
/// </summary>
internal sealed record ChildPrelude(MultiprocessingSettings Settings, string UserConfig, byte[] FamilyPkcs12, bool Waits)
{
    private const int Version = 9;

    /// <summary>The prelude of <paramref name="runtime"/>'s children: its configuration and the family certificate.</summary>
    public static ChildPrelude For(Runtime runtime, bool waits) =>
        new(runtime.Settings, runtime.UserConfig.Root.ToString(), runtime.Family?.Pkcs12 ?? [], waits);

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        Settings.WriteTo(writer);
        writer.Write(UserConfig);
        writer.Write(FamilyPkcs12.Length);
        writer.Write(FamilyPkcs12);
        writer.Write(Waits);
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

        return new ChildPrelude(
            Settings: MultiprocessingSettings.ReadFrom(reader),
            UserConfig: reader.ReadString(),
            FamilyPkcs12: reader.ReadBytes(reader.ReadInt32()),
            Waits: reader.ReadBoolean());
    }
}
