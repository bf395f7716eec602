namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>What a child process needs to create a process-isolated actor: its type, its constructor arguments as bytes, the options.</summary>
internal sealed record IsolatedActorSpec(string ActorType, byte[] Arguments, ChildProcessOptions Options);
