using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.Os;

/// <summary>
/// The library needs Linux: children share /dev/shm and futexes, and are found and signalled through /proc.
/// The assembly says so to the platform analyzer (<c>[SupportedOSPlatform("linux")]</c>); this says so at
/// run time, at the first use of the runtime, instead of failing later on a missing file or syscall.
/// </summary>
internal static class LinuxOnly
{
    /// <exception cref="PlatformNotSupportedException">This is not Linux.</exception>
    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"Actors.Multiprocessing runs on Linux only (its processes share /dev/shm and futexes), and this is {RuntimeInformation.OSDescription}. " +
                "Run the app on Linux, or in a Linux container or WSL.");
        }
    }
}
