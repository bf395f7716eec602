using System.Runtime.CompilerServices;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// The memory of one queue, or one direction of a pipe, in a shared segment: a header (the lock, three words
/// that waiters sleep on, the committed <see cref="RingState"/>) and a circular area of records, each a
/// 16-byte header and the item's bytes. A view over a mapped segment, used only inside a call that keeps the
/// mapping (<see cref="Internal.SharedMemory.SharedSegment.Enter"/>), and changed only under the lock.
/// </summary>
/// <remarks>
/// A record is written beyond the tail, where nobody looks, and becomes visible when the state that moves the
/// tail is committed: a writer killed before that leaves nothing behind. A record leaves the ring by a
/// commit too, so an item is either in the ring or was taken, whatever instant its taker is killed at.
/// </remarks>
internal readonly unsafe struct Ring
{
    /// <summary>The lock word and its sleepers (<see cref="ProcessLock"/>'s layout).</summary>
    public const int LockWord = 0;

    /// <summary>Bumped when an item arrives, or the ring closes: takers and pollers sleep on it.</summary>
    public const int ItemsWord = 8;

    /// <summary>Bumped when an item leaves, or the ring closes: putters waiting for room sleep on it.</summary>
    public const int SpaceWord = 16;

    /// <summary>Bumped when the last unfinished task is marked done, or the ring closes: JoinableQueue.Join sleeps on it.</summary>
    public const int TasksWord = 24;

    /// <summary>A record's header: its length, its state, its kind, and padding.</summary>
    public const int RecordHeader = 16;

    /// <summary>Record state: ready to be taken.</summary>
    public const int Ready = 0;

    /// <summary>Record state: taken (or a wrap marker); a positive state is the pid of the process taking it.</summary>
    public const int Removed = -1;

    // How long a blocked call spins before it sleeps on a futex: the other side of a ring is usually busy for
    // microseconds, and waking from a futex costs tens of them here. A constant: it trades a little CPU of a
    // waiter for latency, and no user tunes that per queue.
    private static readonly TimeSpan SpinBudget = TimeSpan.FromMicroseconds(50);

    private const int CurrentIndex = 32;
    private const int CapacityOffset = 40;
    private const int DataSizeOffset = 48;
    private const int StatesOffset = 64;

    private readonly byte* _base;

    private Ring(byte* @base) => _base = @base;

    /// <summary>Where the records start: after the header and the two copies of the state.</summary>
    public static int DataOffset { get; } = StatesOffset + (2 * ((sizeof(RingState) + 63) & ~63));

    /// <summary>The capacity of a bounded queue; 0 for an unbounded queue or a pipe.</summary>
    public int Capacity => *(int*)(_base + CapacityOffset);

    /// <summary>The bytes of the record area.</summary>
    public long DataSize => *(long*)(_base + DataSizeOffset);

    /// <summary>The largest item kept in the ring itself; larger ones go through a file and only its path is kept.</summary>
    public long InlineLimit => DataSize / 4;

    /// <summary>The committed state, as the start of a change: with no record write of its own yet.</summary>
    public RingState State
    {
        get
        {
            var state = *StateAt(Volatile.Read(ref *(int*)(_base + CurrentIndex)));
            state.PendingAt = -1;
            return state;
        }
    }

    /// <summary>The ring in <paramref name="segment"/>, mapped here (inside a call that keeps the mapping).</summary>
    public static Ring Of(Internal.SharedMemory.SharedSegment segment) => new(segment.Pointer);

    /// <summary>The value of a word now.</summary>
    public int Observe(int word) => Volatile.Read(ref *(int*)(_base + word));

    /// <summary>Takes the lock if it is free (the uncontended case: one atomic instruction).</summary>
    public bool TryLock(int pid) => Interlocked.CompareExchange(ref *(int*)(_base + LockWord), pid, 0) == 0;

    /// <summary>Spins for the lock for a while before the caller sleeps for it (see <see cref="SpinBudget"/>).</summary>
    public bool SpinLock(int pid)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!TryLock(pid))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > SpinBudget)
            {
                return false;
            }

            Thread.SpinWait(16);
        }

        return true;
    }

    /// <summary>Spins while <paramref name="word"/> keeps <paramref name="observed"/>, for a while (see <see cref="SpinBudget"/>).</summary>
    /// <returns>Whether it changed.</returns>
    public static bool SpinUntilChanged(nint word, int observed)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Volatile.Read(ref *(int*)word) == observed)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > SpinBudget)
            {
                return false;
            }

            Thread.SpinWait(16);
        }

        return true;
    }

    /// <summary>Releases the lock and wakes one process waiting for it.</summary>
    public void Unlock()
    {
        Volatile.Write(ref *(int*)(_base + LockWord), 0);
        Internal.SharedMemory.SharedWait.Wake(Word(LockWord), 1);
    }

    /// <summary>Lays out a new ring in a zero-filled segment of <see cref="DataOffset"/> + <paramref name="dataSize"/> bytes.</summary>
    public void Initialize(int capacity, long dataSize)
    {
        *(int*)(_base + CapacityOffset) = capacity;
        *(long*)(_base + DataSizeOffset) = dataSize;
        *(RingState*)(_base + StatesOffset) = new RingState { PendingAt = -1 };
    }

    /// <summary>The word at <paramref name="offset"/> (followed by its count of sleepers).</summary>
    public nint Word(int offset) => (nint)(_base + offset);

    /// <summary>Makes <paramref name="next"/> the state, then applies its record write.</summary>
    public void Commit(in RingState next)
    {
        var current = Volatile.Read(ref *(int*)(_base + CurrentIndex));
        *StateAt(1 - current) = next;
        Volatile.Write(ref *(int*)(_base + CurrentIndex), 1 - current);
        ApplyPending();
    }

    /// <summary>Applies the record write of the committed state again: its committer may have died before it did.</summary>
    public void ApplyPending()
    {
        var state = StateAt(Volatile.Read(ref *(int*)(_base + CurrentIndex)));
        if (state->PendingAt >= 0)
        {
            Volatile.Write(ref *(int*)(Header(state->PendingAt) + 4), state->PendingState);
        }
    }

    /// <summary>Wakes every sleeper of a word after bumping it.</summary>
    public void Bump(int word)
    {
        Interlocked.Increment(ref *(int*)(_base + word));
        Internal.SharedMemory.SharedWait.Wake(Word(word), int.MaxValue);
    }

    /// <summary>Whether a record of <paramref name="length"/> bytes fits in the ring of <paramref name="state"/> now.</summary>
    public bool Fits(in RingState state, int length)
    {
        var size = RecordHeader + Align(length);
        var toEnd = DataSize - (state.Tail % DataSize);
        return DataSize - (state.Tail - state.Head) >= (size <= toEnd ? size : toEnd + size);
    }

    /// <summary>
    /// Says that records arrived in a ring that had <paramref name="readyBefore"/> ready ones: bumps the items
    /// word, and wakes its sleepers only when there were none (a taker sleeps only on a ring with nothing ready,
    /// so later arrivals would wake nobody new; a sleeper that missed one still looks again within a slice).
    /// </summary>
    public void Arrived(int readyBefore)
    {
        Interlocked.Increment(ref *(int*)(_base + ItemsWord));
        if (readyBefore == 0)
        {
            Internal.SharedMemory.SharedWait.Wake(Word(ItemsWord), int.MaxValue);
        }
    }

    /// <summary>
    /// Says that a record left the ring of <paramref name="state"/>: bumps the space word, and wakes its sleepers
    /// once they can do something with it. A sleeper of a bounded queue waits for a slot, so every removal wakes
    /// it; otherwise sleepers wait for bytes, and are woken once half the ring is free, which fits any record
    /// (at most a quarter, plus what a wrap skips): a reader draining a full ring then makes one wake-up call
    /// per half ring instead of one per item while the writer is still waking up.
    /// </summary>
    public void Freed(in RingState state)
    {
        Interlocked.Increment(ref *(int*)(_base + SpaceWord));
        if (Capacity > 0 || DataSize - (state.Tail - state.Head) >= DataSize / 2)
        {
            Internal.SharedMemory.SharedWait.Wake(Word(SpaceWord), int.MaxValue);
        }
    }

    /// <summary>
    /// Writes a record of <paramref name="kind"/> with <paramref name="bytes"/> at the tail of <paramref name="next"/>
    /// and moves its tail past it (not yet committed); false when the ring has no room for it now.
    /// </summary>
    public bool TryAppend(ref RingState next, ReadOnlySpan<byte> bytes, RecordKind kind)
    {
        if (!Fits(next, bytes.Length))
        {
            return false;
        }

        var size = RecordHeader + Align(bytes.Length);
        var position = next.Tail;
        var toEnd = DataSize - (position % DataSize);

        if (size > toEnd)
        {
            // The record does not fit before the end: a marker fills the rest and it starts at the beginning.
            WriteHeader(position, (int)(toEnd - RecordHeader), Removed, RecordKind.Wrap);
            position += toEnd;
        }

        bytes.CopyTo(new Span<byte>(Header(position) + RecordHeader, bytes.Length));
        WriteHeader(position, bytes.Length, Ready, kind);
        next.Tail = position + size;
        next.Count++;
        return true;
    }

    /// <summary>The position of the first ready record, or -1.</summary>
    public long FindReady(in RingState state)
    {
        for (var position = state.Head; position < state.Tail; position += SizeAt(position))
        {
            if (StateOf(position) == Ready)
            {
                return position;
            }
        }

        return -1;
    }

    /// <summary>The positions of records being taken, with their takers' pids.</summary>
    public List<(long Position, int Pid)> InFlight(in RingState state)
    {
        var found = new List<(long, int)>();
        for (var position = state.Head; position < state.Tail && found.Count < state.InFlight; position += SizeAt(position))
        {
            if (StateOf(position) > 0)
            {
                found.Add((position, StateOf(position)));
            }
        }

        return found;
    }

    /// <summary>The kind of the record at <paramref name="position"/>.</summary>
    public RecordKind KindOf(long position) => (RecordKind)((int*)Header(position))[2];

    /// <summary>The bytes of the record at <paramref name="position"/>, in the ring's memory.</summary>
    public ReadOnlySpan<byte> Bytes(long position) => new(Header(position) + RecordHeader, *(int*)Header(position));

    /// <summary>
    /// Takes the record at <paramref name="position"/> out of <paramref name="next"/> (not yet committed): its state
    /// word becomes Removed with the commit, and the head moves past every removed record before the tail.
    /// </summary>
    public void Remove(ref RingState next, long position)
    {
        if (StateOf(position) > 0)
        {
            next.InFlight--;
        }

        next.Count--;
        next.PendingAt = position;
        next.PendingState = Removed;
        while (next.Head < next.Tail && (next.Head == position || StateOf(next.Head) == Removed))
        {
            next.Head += SizeAt(next.Head);
        }
    }

    /// <summary>Marks the record at <paramref name="position"/> in <paramref name="next"/> as taken by <paramref name="pid"/>, or ready again (pid 0).</summary>
    public void MarkTaking(ref RingState next, long position, int pid)
    {
        next.InFlight += pid > 0 ? 1 : -1;
        next.PendingAt = position;
        next.PendingState = pid;
    }

    /// <summary>The positions of the records still in the ring, for their files to be removed with it.</summary>
    public List<long> Live(in RingState state)
    {
        var live = new List<long>();
        for (var position = state.Head; position < state.Tail; position += SizeAt(position))
        {
            if (StateOf(position) != Removed)
            {
                live.Add(position);
            }
        }

        return live;
    }

    private static long Align(int length) => (length + (RecordHeader - 1)) & ~(long)(RecordHeader - 1);

    private RingState* StateAt(int index) => (RingState*)(_base + StatesOffset + (index * ((sizeof(RingState) + 63) & ~63)));

    private byte* Header(long position) => _base + DataOffset + (position % DataSize);

    private int StateOf(long position) => Volatile.Read(ref ((int*)Header(position))[1]);

    private long SizeAt(long position) => RecordHeader + Align(*(int*)Header(position));

    private void WriteHeader(long position, int length, int state, RecordKind kind)
    {
        var header = (int*)Header(position);
        header[0] = length;
        header[1] = state;
        header[2] = (int)kind;
        Unsafe.WriteUnaligned(header + 3, 0);
    }
}

/// <summary>What a record holds.</summary>
internal enum RecordKind
{
    /// <summary>The item's bytes.</summary>
    Inline = 0,

    /// <summary>The path (UTF-8) of a file in /dev/shm that holds the item's bytes.</summary>
    Spilled = 1,

    /// <summary>Filler up to the end of the area: the next record starts at its beginning.</summary>
    Wrap = 2,
}
