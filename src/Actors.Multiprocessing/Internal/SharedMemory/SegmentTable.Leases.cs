namespace Actors.Multiprocessing.Internal.SharedMemory;

internal static partial class SegmentTable
{
    // Renews the leases of the segments of other hosts this process holds; runs while there are any.
    private static Timer? _renewal;

    /// <summary>
    /// Starts renewing, every third of <c>shared-memory.remote-lease</c>, this process's hold on each segment of
    /// another host it has in the table (its owner cannot ask this host's OS whether this process still runs).
    /// Called under the table's lock.
    /// </summary>
    private static void RenewLeases()
    {
        if (_renewal is null)
        {
            var every = Runtime.CurrentSettings.RemoteLease / 3;
            _renewal = new Timer(_ => Renew(), null, every, every);
        }
    }

    private static void Renew()
    {
        lock (Entries)
        {
            var held = Entries.Values.Where(e => e.Elsewhere is not null).ToList();
            held.ForEach(e => OwnerMail.Post(e.Path, e.Owner, new SegmentHeld(Environment.ProcessId, Guid.Empty, e.Elsewhere)));
            if (held.Count == 0)
            {
                _renewal?.Dispose();
                _renewal = null;
            }
        }
    }
}
