using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Bytes too large for a message or a ring, in a file in /dev/shm (0600) whose path travels instead. A file
/// is named after the process that removes it when it dies (<see cref="Segment.RemoveLeftovers"/>): its
/// writer first, its keeper (a queue's owner) once it is in the queue.
/// </summary>
internal static class SpillFile
{
    /// <summary>Writes <paramref name="bytes"/> to a new file named after this process.</summary>
    /// <exception cref="IOException">/dev/shm has no room for them.</exception>
    public static string Write(ReadOnlySpan<byte> bytes)
    {
        var path = Segment.NewPath(Environment.ProcessId);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = bytes.Length };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(bytes);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return path;
    }

    /// <summary>
    /// The file renamed after <paramref name="keeper"/>, so that it lives as long as its keeper rather than its
    /// writer; null when it is gone (its writer died and it was swept).
    /// </summary>
    public static string? Keep(string path, int keeper)
    {
        if (Path.GetFileName(path).StartsWith($"{Segment.Prefix}{keeper}-", StringComparison.Ordinal))
        {
            return path;
        }

        var kept = Segment.NewPath(keeper);
        try
        {
            File.Move(path, kept);
            return kept;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
