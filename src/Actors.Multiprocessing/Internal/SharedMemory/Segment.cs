using System.IO.MemoryMappedFiles;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The files behind shared memory: a file in /dev/shm (owner-only, 0600) per segment, mapped by each process
/// that uses it and closed at once (a mapping outlives its descriptor, so a segment costs no file descriptor).
/// The creating process owns the file through a <see cref="SegmentOwner"/> actor, which removes it once no
/// process of the family holds it; whatever is left goes when the creator exits, and files of creators
/// that died without removing them (SIGKILL) are removed whenever a segment is created.
/// </summary>
internal static class Segment
{
    public const string Prefix = "actors-mp-";

    // The segments this process created, with their owners.
    private static readonly Dictionary<string, IActorRef> Created = [];

    /// <summary>Creates a zero-filled segment owned by this process and maps it.</summary>
    /// <returns>Its path, the path of its owner actor (with this system's address), and its view here.</returns>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public static (string Path, string Owner, MemoryMappedViewAccessor View) Create(long size)
    {
        var path = NewPath(Environment.ProcessId);
        MemoryMappedViewAccessor? view = null;
        IActorRef owner;
        Runtime runtime;
        try
        {
            view = Map(path, size);
            runtime = Runtime.Current;
            owner = runtime.System.ActorOf(SegmentOwner.Props(path, runtime.Settings.SharedMemoryTransferHold, runtime.Settings.RemoteLease));
        }
        catch
        {
            // Nobody owns the half-made file yet: it would stay until this process exits.
            view?.Dispose();
            File.Delete(path);
            throw;
        }

        lock (Created)
        {
            RemoveLeftovers();
            Created[path] = owner;
        }

        // Removed at exit after the children were joined, who may still use it (ExitRules).
        ExitRules.Install(ExitWork.Segments);
        return (path, owner.Path.ToStringWithAddress(runtime.Address), view);
    }

    /// <summary>Maps the existing segment at <paramref name="path"/> into this process.</summary>
    /// <exception cref="OwnerLostException">The segment is gone: its creator exited, or no process held it any more.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor was left to open it.</exception>
    public static MemoryMappedViewAccessor Open(string path)
    {
        try
        {
            return Map(path, 0);
        }
        catch (FileNotFoundException e)
        {
            var creator = CreatorOf(path) ?? 0;
            throw new OwnerLostException(
                creator,
                $"The shared memory {path} is gone ({e.Message}): the process that created it, pid {creator}, has exited, or every process let go of it before this one opened it. " +
                "Keep the creator running, and a handle undisposed, until every process that needs it has opened it.");
        }
    }

    /// <summary>The owner actor of a segment this process created; null for another process's segment.</summary>
    public static IActorRef? LocalOwner(string path)
    {
        lock (Created)
        {
            return Created.GetValueOrDefault(path);
        }
    }

    /// <summary>Removes a segment this process created (its owner actor stopped).</summary>
    public static void Remove(string path)
    {
        lock (Created)
        {
            if (Created.Remove(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>The paths of segments on this machine that this library created (for specs and cleanup).</summary>
    public static IReadOnlyList<string> Existing() =>
        System.IO.Directory.EnumerateFiles(Directory(), Prefix + "*").ToList();

    /// <summary>Removes every segment this process created; called last at exit.</summary>
    public static void RemoveCreated()
    {
        lock (Created)
        {
            foreach (var path in Created.Keys)
            {
                File.Delete(path);
            }

            Created.Clear();
        }
    }

    /// <summary>A new file name in the shared-memory directory, marked with the pid of the process that removes it, for <see cref="RemoveLeftovers"/>.</summary>
    public static string NewPath(int keeper) => Path.Combine(Directory(), $"{Prefix}{keeper}-{Guid.NewGuid():N}");

    /// <summary>The pid of the process that keeps the file at <paramref name="path"/>, read from its name.</summary>
    private static int? CreatorOf(string path)
    {
        var name = Path.GetFileName(path);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dash = name.IndexOf('-', Prefix.Length);
        return dash > Prefix.Length && int.TryParse(name[Prefix.Length..dash], out var pid) ? pid : null;
    }

    /// <summary>Removes the files of creators that died without removing them (segments and spilled payloads).</summary>
    public static void RemoveLeftovers()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory(), Prefix + "*"))
        {
            if (CreatorOf(path) is { } pid && !PidWatch.IsAlive(pid))
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's leftover, or removed meanwhile: not ours to clean.
                }
            }
        }
    }

    /// <summary>Where segments live: /dev/shm.</summary>
    public static string Directory() => OperatingSystem.IsLinux() && System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>Creates (size &gt; 0) or opens the file, maps all of it, and closes the file again.</summary>
    private static MemoryMappedViewAccessor Map(string path, long size)
    {
        var mode = size > 0 ? FileMode.CreateNew : FileMode.Open;
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (size > 0)
        {
            // Allocated now, so that a full /dev/shm fails here with an exception rather than later with
            // SIGBUS when a page of a sparse file is first touched.
            options.PreallocationSize = size;
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
        }

        try
        {
            using var stream = new FileStream(path, options);
            if (size > 0)
            {
                stream.SetLength(size);
            }

            // Capacity and view 0: the whole file, whichever handle (a lock, or the value around it) opens it first.
            using var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            return file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
        }
        catch (IOException e) when (e is not FileNotFoundException && SharedMemoryException.Explain(e, Directory(), size) is { } explained)
        {
            throw explained;
        }
    }
}
