using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// Linux futexes on shared memory: a process sleeps until the word at an address changes, and another wakes
/// it, with no actor round trip and no polling. Elsewhere the wait is a short sleep.
/// </summary>
internal static unsafe partial class Futex
{
    private const int Wait = 0;
    private const int Wake = 1;

    private static readonly long SysFutex = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        _ => -1,
    };

    private static bool Supported => OperatingSystem.IsLinux() && SysFutex > 0;

    /// <summary>Sleeps while <c>*address == expected</c>, for at most <paramref name="timeout"/>.</summary>
    public static void WaitWhile(int* address, int expected, TimeSpan timeout)
    {
        if (!Supported)
        {
            Thread.Sleep(1);
            return;
        }

        var ticks = Math.Max(timeout.Ticks, 0);
        var span = new TimeSpecification(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100);
        // Not FUTEX_PRIVATE: the word is shared between processes. EAGAIN, EINTR and ETIMEDOUT all mean "look again".
        _ = syscall(SysFutex, address, Wait, expected, &span, null, 0);
    }

    /// <summary>Wakes up to <paramref name="count"/> processes sleeping on <paramref name="address"/>.</summary>
    public static void WakeUp(int* address, int count)
    {
        if (Supported)
        {
            _ = syscall(SysFutex, address, Wake, count, null, null, 0);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int* address, int operation, int value, TimeSpecification* timeout, int* address2, int value3);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeSpecification(long seconds, long nanoseconds)
    {
        public readonly long Seconds = seconds;
        public readonly long Nanoseconds = nanoseconds;
    }
}
