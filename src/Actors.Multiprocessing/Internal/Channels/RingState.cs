using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// The mutable header of a <see cref="Ring"/>, changed only under the ring's lock and committed whole: a
/// change is written into the spare copy and made current by one atomic write of the copy's index, so that a
/// process killed in the middle of a change leaves the previous state, never half of each. A change may also
/// name one record whose state word it sets (<see cref="PendingAt"/>); that write is applied after the commit
/// and again by the next holder of the lock, so it is never lost either.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RingState
{
    /// <summary>Bounded queues: at most this many processes may hold admitted items waiting for room in the ring.</summary>
    public const int Slots = 16;

    /// <summary>The position of the oldest record still in the ring (positions only grow; the offset is modulo the data size).</summary>
    public long Head;

    /// <summary>The position the next record is written at.</summary>
    public long Tail;

    /// <summary>Records in the ring: ready or being taken.</summary>
    public int Count;

    /// <summary>Records being taken (a large item read outside the lock); a dead taker's go back.</summary>
    public int InFlight;

    /// <summary>Items put and not yet marked done (JoinableQueue).</summary>
    public int Unfinished;

    /// <summary><see cref="RingFlags"/>.</summary>
    public int Flags;

    /// <summary>The record whose state word this change sets; -1 for none.</summary>
    public long PendingAt;

    /// <summary>The value that record's state word gets.</summary>
    public int PendingState;

    /// <summary>Items admitted into a bounded queue that still wait in their putters' processes for room in the ring.</summary>
    public int Parked;

    /// <summary>The processes with parked items, 0 for a free slot.</summary>
    public fixed int SlotPid[Slots];

    /// <summary>How many items each slot's process has parked.</summary>
    public fixed int SlotParked[Slots];

    public readonly bool Has(RingFlags flag) => (Flags & (int)flag) != 0;

    /// <summary>Counts one more parked item of <paramref name="pid"/>; false when every slot is taken by others.</summary>
    public bool Park(int pid)
    {
        var free = -1;
        for (var i = 0; i < Slots; i++)
        {
            if (SlotPid[i] == pid)
            {
                free = i;
                break;
            }

            if (SlotPid[i] == 0 && free < 0)
            {
                free = i;
            }
        }

        if (free < 0)
        {
            return false;
        }

        SlotPid[free] = pid;
        SlotParked[free]++;
        Parked++;
        return true;
    }

    /// <summary>Counts one parked item of <paramref name="pid"/> less: it reached the ring, or was dropped.</summary>
    public void Unpark(int pid)
    {
        for (var i = 0; i < Slots; i++)
        {
            if (SlotPid[i] == pid && SlotParked[i] > 0)
            {
                Parked--;
                if (--SlotParked[i] == 0)
                {
                    SlotPid[i] = 0;
                }

                return;
            }
        }
    }

    /// <summary>Forgets what the processes for which <paramref name="dead"/> holds had parked; true when there was any.</summary>
    public bool ForgetParked(Func<int, bool> dead)
    {
        var changed = false;
        for (var i = 0; i < Slots; i++)
        {
            if (SlotPid[i] != 0 && dead(SlotPid[i]))
            {
                Parked -= SlotParked[i];
                SlotParked[i] = 0;
                SlotPid[i] = 0;
                changed = true;
            }
        }

        return changed;
    }
}

/// <summary>The states of a ring, kept in <see cref="RingState.Flags"/>.</summary>
[Flags]
internal enum RingFlags
{
    /// <summary>No more records will be written (a pipe's sending end closed): takers get the end of the stream once it is empty.</summary>
    WritingClosed = 1,

    /// <summary>Nobody will read (a pipe's receiving end closed): a write fails as a broken pipe.</summary>
    ReadingClosed = 2,

    /// <summary>The owner disposed the channel or exited: every call fails.</summary>
    Gone = 4,
}
