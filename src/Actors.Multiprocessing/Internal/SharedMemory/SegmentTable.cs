using System.IO.MemoryMappedFiles;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The segments this process holds, each mapped once however many handles use it, with the count of those
/// handles (<see cref="SharedSegment"/>s). The last one to leave, by Dispose or collection, unmaps the
/// segment and tells its owner that this process let go; the table keeps no handle alive. A segment of another
/// host (<see cref="Entry.Elsewhere"/>) is held by lease, renewed while it is in the table.
/// </summary>
internal static unsafe partial class SegmentTable
{
    private static readonly Dictionary<string, Entry> Entries = [];

    /// <summary>
    /// Counts one more handle on the segment; a new holder, or <paramref name="token"/>, is reported to the owner
    /// (unless <paramref name="quiet"/>: someone reported it already). <paramref name="elsewhere"/> is this
    /// process's domain when the segment lives in another.
    /// </summary>
    public static Entry Join(string path, string owner, Guid token, string? elsewhere, MemoryMappedViewAccessor? created = null, bool quiet = false)
    {
        lock (Entries)
        {
            if (!Entries.TryGetValue(path, out var entry))
            {
                Entries[path] = entry = new Entry(path, owner, elsewhere);
                entry.Attach(created);
                if (elsewhere is not null)
                {
                    RenewLeases();
                }
            }

            // The creator's owner starts with the creator as its holder. Reported under the lock, so that the
            // owner hears the joins and leaves of this process in their order.
            var first = entry.Users++ == 0;
            if (!quiet && ((first && created is null) || token != Guid.Empty))
            {
                OwnerMail.Post(path, owner, new SegmentHeld(Environment.ProcessId, token, entry.Elsewhere));
            }

            return entry;
        }
    }

    /// <summary>The segment's first byte in this process, mapping it on first use.</summary>
    /// <exception cref="OwnerLostException">The segment is gone.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor was left to open it.</exception>
    public static byte* Map(Entry entry)
    {
        lock (Entries)
        {
            if (entry.Pointer == null)
            {
                entry.Attach(Segment.Open(entry.Path));
            }

            return entry.Pointer;
        }
    }

    /// <summary>Counts one handle less; the last one unmaps the segment here and tells the owner.</summary>
    public static void Leave(Entry entry)
    {
        lock (Entries)
        {
            if (--entry.Users > 0)
            {
                return;
            }

            Entries.Remove(entry.Path);
            entry.Detach();
            OwnerMail.Post(entry.Path, entry.Owner, new SegmentReleased(Environment.ProcessId, entry.Elsewhere));
        }
    }

    /// <summary>How many handles of this process hold the segment at <paramref name="path"/> now.</summary>
    public static int Users(string path)
    {
        lock (Entries)
        {
            return Entries.TryGetValue(path, out var entry) ? entry.Users : 0;
        }
    }

    /// <summary>The paths mapped in this process now (for specs).</summary>
    public static IReadOnlyList<string> Mapped()
    {
        lock (Entries)
        {
            return Entries.Values.Where(e => e.Pointer != null).Select(e => e.Path).ToList();
        }
    }

    /// <summary>One segment held by this process. Its view's SafeHandle unmaps it when disposed, or when collected.</summary>
    internal sealed class Entry(string path, string owner, string? elsewhere)
    {
        private MemoryMappedViewAccessor? _view;

        public string Path { get; } = path;

        public string Owner { get; } = owner;

        /// <summary>This process's domain when the segment lives in another (it is never mapped here); null otherwise.</summary>
        public string? Elsewhere { get; } = elsewhere;

        public int Users { get; set; }

        /// <summary>The first byte of the mapping; null until mapped.</summary>
        public byte* Pointer { get; private set; }

        public void Attach(MemoryMappedViewAccessor? view)
        {
            if (view is null)
            {
                return;
            }

            _view = view;
            // No AcquirePointer: its reference would keep the view's SafeHandle from ever being released.
            Pointer = (byte*)view.SafeMemoryMappedViewHandle.DangerousGetHandle() + view.PointerOffset;
        }

        public void Detach()
        {
            _view?.Dispose();
            _view = null;
            Pointer = null;
        }
    }
}
