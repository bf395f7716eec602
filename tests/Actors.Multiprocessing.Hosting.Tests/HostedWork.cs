using Akka.Actor;

namespace Actors.Multiprocessing.Hosting.Tests;

/// <summary>What the hosted specs run in children.</summary>
public static class HostedWork
{
    public static void ExitWith(int code) => Environment.Exit(code);

    public static int Square(int x) => x * x;

    public static int Length(byte[] bytes) => bytes.Length;

    public static byte[] Bytes(int length) => new byte[length];
}

/// <summary>An actor in a child process that answers with its start value and its pid.</summary>
public sealed class PidActor : ReceiveActor
{
    public PidActor(int start) => ReceiveAny(_ => Sender.Tell((start, Environment.ProcessId)));
}
