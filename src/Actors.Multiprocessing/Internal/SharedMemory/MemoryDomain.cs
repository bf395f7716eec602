using System.Globalization;
using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// Which processes can map the same shared memory: a real identity, not a guess from addresses. Detected, it is
/// the kernel's boot (boot_id), the device and inode of the shared-memory directory (two containers with their
/// own /dev/shm differ, a bind-mounted one is the same) and the effective user (segments are 0600); the setting
/// <c>actors.multiprocessing.shared-memory.domain</c> names it instead. Every handle carries its memory's domain:
/// where it arrives in another one, a queue or pipe works through its owner actor and shared memory refuses to be
/// used (<see cref="OtherHostException"/>).
/// </summary>
internal static partial class MemoryDomain
{
    /// <summary>The setting's value that asks for the detected domain.</summary>
    public const string Auto = "auto";

    private const int AtCurrentDirectory = -100;
    private const uint StatxInode = 0x100;

    private static readonly Lazy<string> Detected = new(Detect);

    /// <summary>This process's domain: the detected one, or the one its settings name.</summary>
    public static string Current => Runtime.CurrentSettings.SharedMemoryDomain is var setting && setting != Auto ? setting : Detected.Value;

    /// <summary>Whether memory of <paramref name="domain"/> can be mapped here.</summary>
    public static bool IsHere(string domain) => string.Equals(domain, Current, StringComparison.Ordinal);

    /// <summary>boot_id/device:inode of the shared-memory directory/uid, e.g. <c>305f…c50fc/0:26:1/1000</c>.</summary>
    private static unsafe string Detect()
    {
        var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        var directory = Segment.Directory();
        // statx's buffer has one layout on every architecture (stat's does not): 256 bytes.
        var buffer = stackalloc byte[256];
        if (statx(AtCurrentDirectory, directory, 0, StatxInode, buffer) != 0)
        {
            throw new IOException($"{directory} could not be examined (errno {Marshal.GetLastPInvokeError()}), so this process cannot tell which processes share its memory.");
        }

        var inode = *(ulong*)(buffer + 32);
        var (major, minor) = (*(uint*)(buffer + 136), *(uint*)(buffer + 140));
        return string.Create(CultureInfo.InvariantCulture, $"{boot}/{major}:{minor}:{inode}/{geteuid()}");
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
