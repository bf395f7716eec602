using Actors.Multiprocessing.Internal;

namespace Actors.Multiprocessing.Tests;

/// <summary>Targets that show what a child pays for: its ActorSystem, Hyperion, the arguments it was given.</summary>
public static class ChildCostWork
{
    /// <summary>Prints each argument's runtime type and value, and whether the child started an ActorSystem for them.</summary>
    public static void PrintPlain(int i, long l, double d, bool b, TimeSpan t, string s, byte[] bytes, string? none)
    {
        Console.WriteLine($"args={i.GetType().Name}:{i}|{l.GetType().Name}:{l}|{d.GetType().Name}:{d:R}|{b}|{t}|{s}|{Convert.ToHexString(bytes)}|{none is null}");
        Console.WriteLine($"system={Runtime.IsStarted}");
    }

    /// <summary>Prints the length and SHA-256 of what it was given.</summary>
    public static void PrintDigest(byte[] data) =>
        Console.WriteLine($"digest={data.Length}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data))}");

    /// <summary>Puts into a queue it was given (shared memory, no actor, no Hyperion), then creates a queue of its own (an owner actor).</summary>
    public static void PutThenOwnAQueue(ProcessQueue<int> queue)
    {
        queue.Put(1);
        Console.WriteLine($"after-put system={Runtime.IsStarted} hyperion={Internal.Transfer.TransferCodec.IsBuilt}");
        using var own = new ProcessQueue<int>();
        own.Put(2);
        queue.Put(own.Get());
        Console.WriteLine($"after-own-queue system={Runtime.IsStarted}");
    }
}
