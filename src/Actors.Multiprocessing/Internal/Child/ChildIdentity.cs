namespace Actors.Multiprocessing.Internal.Child;

/// <summary>Who a new child is, as its parent says: its name, identity, daemon flag, secret and parent.</summary>
internal sealed record ChildIdentity(string Name, string Identity, bool Daemon, byte[] AuthKey, string ParentName)
{
    /// <summary>The bootstrap that tells a host to be this child and run <paramref name="target"/>.</summary>
    public ChildBootstrap Bootstrap(string supervisorPath, byte[] target) =>
        new(supervisorPath, Name, Identity, Daemon, AuthKey, ParentName, Environment.ProcessId, target);
}
