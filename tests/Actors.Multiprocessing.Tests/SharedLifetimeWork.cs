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
    /// restores the limit, and reports what was thrown.
    /// </summary>
    public static void CreateWithoutDescriptors(ProcessQueue<string> report)
    {
        // Up front: the library, its ActorSystem and the queue's connection are all open before the limit drops.
        report.Put("ready");
        new SharedValue<int>().Dispose();

        Check(getrlimit(OpenFiles, out var original));
        var lowered = new Limit { Current = 0, Maximum = original.Maximum };
        string outcome;
        Check(setrlimit(OpenFiles, ref lowered));
        try
        {
            using var value = new SharedValue<int>();
            outcome = "created";
        }
        catch (Exception e)
        {
            outcome = $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            Check(setrlimit(OpenFiles, ref original));
        }

        report.Put(outcome);
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
