using System.IO.MemoryMappedFiles;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// A block of memory shared by the processes of a family: a file in /dev/shm (owner-only, 0600) mapped into
/// each process that uses it, once per process. The creating process removes the file when it exits or when
/// the segment's <see cref="SegmentOwner"/> actor stops; files
/// of creators that died without doing so (SIGKILL) are removed whenever a segment is created.
/// </summary>
internal sealed unsafe class Segment
{
    private const string Prefix = "actors-mp-";
    private static readonly Dictionary<string, Segment> Mapped = [];
    private static readonly List<string> Created = [];

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    private Segment(string path, long size, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (mode == FileMode.CreateNew && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        if (mode == FileMode.CreateNew)
        {
            stream.SetLength(size);
        }

        // Capacity and view 0: the whole file, whichever handle (a lock, or the value around it) opens it first.
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    /// <summary>The first byte of the segment in this process.</summary>
    public byte* Pointer { get; }

    /// <summary>Creates a zero-filled segment owned by this process and returns its path.</summary>
    public static string Create(long size)
    {
        var path = NewPath(Environment.ProcessId);
        var segment = new Segment(path, size, FileMode.CreateNew);
        lock (Mapped)
        {
            RemoveLeftovers();

            Mapped[path] = segment;
            Created.Add(path);
        }

        // Removed at exit after the children were joined, who may still use it (ExitRules).
        ExitRules.Install();
        Runtime.Current.System.ActorOf(SegmentOwner.Props(path));
        return path;
    }

    /// <summary>The segment at <paramref name="path"/>, mapped into this process on first use.</summary>
    /// <exception cref="OwnerLostException">The creator exited and its segment is gone.</exception>
    public static Segment Open(string path)
    {
        lock (Mapped)
        {
            if (Mapped.TryGetValue(path, out var segment))
            {
                return segment;
            }

            try
            {
                return Mapped[path] = new Segment(path, 0, FileMode.Open);
            }
            catch (FileNotFoundException e)
            {
                var creator = CreatorOf(path) ?? 0;
                throw new OwnerLostException(creator, $"The shared memory {path} is gone ({e.Message}): the process that created it, pid {creator}, has exited.");
            }
        }
    }

    /// <summary>Removes a segment this process created (its owner actor stopped).</summary>
    public static void Remove(string path)
    {
        lock (Mapped)
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

    private static string Directory() => OperatingSystem.IsLinux() && System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>Removes every segment this process created; called last at exit.</summary>
    public static void RemoveCreated()
    {
        lock (Mapped)
        {
            Created.ForEach(File.Delete);
            Created.Clear();
        }
    }

    /// <summary>A new file name in the shared-memory directory, marked with the pid of the process that removes it, for <see cref="RemoveLeftovers"/>.</summary>
    public static string NewPath(int keeper) => Path.Combine(Directory(), $"{Prefix}{keeper}-{Guid.NewGuid():N}");

    /// <summary>The pid of the process that created the file at <paramref name="path"/>, read from its name.</summary>
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
}
