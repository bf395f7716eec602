using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Tests;

/// <summary>Targets for the shared-memory lifetime specs, run in child processes.</summary>
public static class SharedLifetimeWork
{
    // RLIMIT_NOFILE on Linux.
    private const int OpenFiles = 7;

    /// <summary>Waits until the creator let go of its handle, then reads the value, adds one, and reports both.</summary>
    public static void IncrementAfter(ProcessEvent creatorLetGo, SharedValue<int> value, ProcessQueue<string> report)
    {
        creatorLetGo.Wait();
        var seen = value.Value;
        value.Value = seen + 1;
        report.Put($"{seen}->{value.Value}");
    }

    /// <summary>Waits until the creator let go of its handle, then takes the value off the queue and increments it as above.</summary>
    public static void TakeAndIncrementAfter(ProcessEvent creatorLetGo, ProcessQueue<SharedValue<int>> values, ProcessQueue<string> report)
    {
        creatorLetGo.Wait();
        IncrementAfter(creatorLetGo, values.Get(), report);
    }

    /// <summary>
    /// Lowers this process's descriptor limit to 0, so that any open fails with EMFILE, creates a value,
    /// restores the limit, and writes what was thrown into <paramref name="outcome"/>: shared memory, which
    /// needs no descriptor and no message while the limit is down.
    /// </summary>
    public static void CreateWithoutDescriptors(SharedArray<char> outcome)
    {
        // The library and its ActorSystem are up, and the outcome mapped, before the limit drops.
        new SharedValue<int>().Dispose();
        outcome[0] = ' ';
        Check(getrlimit(OpenFiles, out var original));
        var lowered = new Limit { Current = 0, Maximum = original.Maximum };
        string text;
        Check(setrlimit(OpenFiles, ref lowered));
        try
        {
            using var value = new SharedValue<int>();
            text = "created";
        }
        catch (Exception e)
        {
            text = $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            Check(setrlimit(OpenFiles, ref original));
        }

        for (var i = 0; i < Math.Min(text.Length, outcome.Length); i++)
        {
            outcome[i] = text[i];
        }
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"rlimit call failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Limit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Limit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
