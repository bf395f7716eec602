namespace Actors.Multiprocessing.Tests;

/// <summary>Targets for the queue stress specs, run in child processes, and the items they put.</summary>
public static class QueueStressWork
{
    /// <summary>The item that tells a consumer to stop; never a real item.</summary>
    public const int Stop = -1;

    /// <summary>
    /// Takes items until <see cref="Stop"/>, and writes each into <paramref name="seen"/> (this consumer's own
    /// record, one counter per item) the moment Get returns it, then counts it in its slot of
    /// <paramref name="progress"/>. Both are shared memory, so what was written survives a SIGKILL.
    /// </summary>
    public static void ConsumeAndRecord(ProcessQueue<int> q, SharedArray<byte> seen, SharedArray<int> progress, int slot)
    {
        var recorded = 0;
        for (var item = q.Get(); item != Stop; item = q.Get())
        {
            seen[item] = (byte)(seen[item] + 1);
            progress[slot] = ++recorded;
        }
    }

    /// <summary>Puts numbered items of <see cref="LengthOf"/> bytes, 0 to <paramref name="cap"/> - 1, then waits to be killed.</summary>
    public static void PutNumbered(ProcessQueue<Numbered> q, int cap)
    {
        for (var i = 0; i < cap; i++)
        {
            q.Put(new Numbered(i, BytesOf(i)));
        }

        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    /// <summary>Every fourth item is about 200 KiB (so it travels through /dev/shm), the others under 300 bytes.</summary>
    public static int LengthOf(int index) => index % 4 == 3 ? (200 * 1024) + (index % 977) : index % 300;

    /// <summary>The bytes of item <paramref name="index"/>: each equals its length modulo 251.</summary>
    public static byte[] BytesOf(int index)
    {
        var bytes = new byte[LengthOf(index)];
        Array.Fill(bytes, (byte)(bytes.Length % 251));
        return bytes;
    }

    /// <summary>Whether <paramref name="item"/> is whole: the length its index calls for, every byte as <see cref="BytesOf"/> wrote it.</summary>
    public static bool IsWhole(Numbered item) =>
        item.Bytes.Length == LengthOf(item.Index) && !item.Bytes.AsSpan().ContainsAnyExcept((byte)(item.Bytes.Length % 251));

    /// <summary>An item that carries its place in the putter's order.</summary>
    public sealed record Numbered(int Index, byte[] Bytes);
}
