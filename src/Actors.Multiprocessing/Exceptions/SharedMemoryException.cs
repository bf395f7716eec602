namespace Actors.Multiprocessing;

/// <summary>
/// Shared memory (a value, array, lock or other primitive) could not be created or opened because this
/// process ran out of file descriptors or /dev/shm is full. The message says which, and what to do.
/// </summary>
public sealed class SharedMemoryException : MultiprocessingException
{
    // errno values (Linux and macOS agree): .NET reports unmapped errors as an IOException whose HResult is the errno.
    private const int TooManyFilesInSystem = 23, TooManyOpenFiles = 24, NoSpaceLeft = 28;

    /// <summary>Creates the exception with what ran out and the error the OS gave.</summary>
    public SharedMemoryException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The exception that says what ran out behind <paramref name="error"/>; null when it was something else.</summary>
    internal static SharedMemoryException? Explain(IOException error, string directory, long size)
    {
        if (error.HResult is TooManyOpenFiles or TooManyFilesInSystem)
        {
            return new SharedMemoryException(
                $"Shared memory could not be opened: process {Environment.ProcessId} has no file descriptor left ({error.Message}). " +
                "Raise the limit (ulimit -n), or dispose shared values, arrays and locks you no longer use, and files and sockets.",
                error);
        }

        // A failed preallocation reports a full disk without its errno; ask the file system.
        if (error.HResult == NoSpaceLeft || (size > 0 && FreeSpace(directory) < size))
        {
            return new SharedMemoryException(
                $"Shared memory of {size} bytes could not be created: {directory} is full ({error.Message}). " +
                "Dispose shared values, arrays and locks you no longer use, or give the tmpfs more room (mount -o remount,size=...).",
                error);
        }

        return null;
    }

    // Apart, so that explaining a lack of descriptors never loads DriveInfo's assembly: loading needs one too.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long FreeSpace(string directory) => new DriveInfo(directory).AvailableFreeSpace;
}
