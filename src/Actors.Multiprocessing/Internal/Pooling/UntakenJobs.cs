namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The jobs a pool told its router that the router has not taken yet (still in its mailbox): they fail when the
/// router stops, since it fails only the ones it took. Jobs are numbered as they are sent, under the pool's lock,
/// so in mailbox order; the router marks each one taken, and those behind the mark are forgotten at the next send.
/// A plain queue and a number: no per-job handle the garbage collector has to visit, however many are in flight.
/// </summary>
internal sealed class UntakenJobs
{
    private readonly Queue<(long Number, PoolJob Job)> _jobs = new();
    private long _sent;
    private long _taken;

    /// <summary>Records <paramref name="job"/>, about to be told to the router (under the pool's lock); what says it was taken.</summary>
    public Action Sent(PoolJob job)
    {
        var taken = Volatile.Read(ref _taken);
        while (_jobs.TryPeek(out var first) && first.Number <= taken)
        {
            _jobs.Dequeue();
        }

        var number = ++_sent;
        _jobs.Enqueue((number, job));
        // The router takes jobs one at a time, in order, so the mark only moves forward.
        return () => Volatile.Write(ref _taken, number);
    }

    /// <summary>The jobs the router never took, forgotten here (under the pool's lock, once the router is gone).</summary>
    public List<PoolJob> Drain()
    {
        var taken = Volatile.Read(ref _taken);
        var left = _jobs.Where(entry => entry.Number > taken).Select(entry => entry.Job).ToList();
        _jobs.Clear();
        return left;
    }
}
