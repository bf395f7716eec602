namespace Actors.Multiprocessing.Tests;

/// <summary>Targets for the hostile specs, run in child processes.</summary>
public static class HostileWork
{
    /// <summary>
    /// Offers <paramref name="attempts"/> large items to a full queue with PutNowait and as many with a short
    /// Put timeout, and reports how many were refused.
    /// </summary>
    public static void OfferLargeItemsToAFullQueue(ProcessQueue<byte[]> full, ProcessQueue<int> refusals, int size, int attempts)
    {
        var refused = 0;
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                full.PutNowait(new byte[size]);
            }
            catch (QueueFullException)
            {
                refused++;
            }

            try
            {
                full.Put(new byte[size], TimeSpan.FromMilliseconds(50));
            }
            catch (QueueFullException)
            {
                refused++;
            }
        }

        refusals.Put(refused);
    }

    /// <summary>Blocks in a Put of a large item on a full queue until killed.</summary>
    public static void BlockInLargePut(ProcessQueue<byte[]> full, int size) => full.Put(new byte[size]);

    /// <summary>Acquires and releases the lock until <paramref name="stop"/> is set, so the parent's waits sleep on its futex.</summary>
    public static void HammerLock(ProcessLock shared, ProcessEvent stop)
    {
        while (!stop.IsSet)
        {
            if (shared.Acquire(TimeSpan.FromMilliseconds(10)))
            {
                Thread.SpinWait(1000);
                shared.Release();
            }
        }
    }

    /// <summary>Says it is putting, then puts a 100 MiB item filled from <paramref name="seed"/>, and waits to be killed.</summary>
    public static void PutHugeThenWait(ProcessQueue<byte[]> q, ProcessQueue<string> ready, int seed)
    {
        var huge = Huge(seed);
        ready.Put("putting");
        q.Put(huge);
        ready.Put("put");
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    /// <summary>A 100 MiB item whose content depends on <paramref name="seed"/>.</summary>
    public static byte[] Huge(int seed)
    {
        var bytes = new byte[100 << 20];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Blocks in Recv until the other end closes, then reports how Recv, Poll and Send behave on the closed
    /// pipe (Send is retried for a minute, as the close reaches a sender elsewhere after a moment).
    /// </summary>
    public static void RecvUntilClosed(Connection<int> conn, ProcessQueue<string> report)
    {
        report.Put("blocking");
        report.Put(Outcome(() => conn.Recv()));
        report.Put(conn.Poll(TimeSpan.FromSeconds(60)) ? "ready" : "not ready");
        report.Put(Outcome(() => conn.Recv()));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var sent = "0";
        while (sent == "0" && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            sent = Outcome(() =>
            {
                conn.Send(1);
                return 0;
            });
            Thread.Sleep(10);
        }

        report.Put(sent);
    }

    private static string Outcome(Func<int> call)
    {
        try
        {
            return call().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    /// <summary>
    /// Takes the first item of <paramref name="q"/> as Get does, but hangs while reading it (after the queue
    /// marked it as being taken by this process), so that the spec can kill the process at that instant.
    /// </summary>
    public static void HangWhileReading(ProcessQueue<byte[]> q, ProcessEvent reading) =>
        q.Channel.TakeAsync<int>(
            _ =>
            {
                reading.Set();
                Thread.Sleep(Timeout.Infinite);
                return 0;
            },
            block: true,
            timeout: null,
            CancellationToken.None,
            sync: true).AsTask().Wait();
}
