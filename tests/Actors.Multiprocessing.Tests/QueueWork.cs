namespace Actors.Multiprocessing.Tests;

/// <summary>Targets for the queue and pipe specs, run in child processes.</summary>
public static class QueueWork
{
    public static void PutHello(ProcessQueue<object?[]> q) => q.Put([42, null, "hello"]);

    public static void PutRange(ProcessQueue<int> q, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            q.Put(i);
        }
    }

    /// <summary>Gets <paramref name="count"/> items and puts each on <paramref name="results"/>.</summary>
    public static void Relay(ProcessQueue<int> q, ProcessQueue<int> results, int count)
    {
        for (var i = 0; i < count; i++)
        {
            results.Put(q.Get());
        }
    }

    /// <summary>Takes one item from <paramref name="from"/> and puts it on <paramref name="to"/>.</summary>
    public static void Bounce<T>(ProcessQueue<T> from, ProcessQueue<T> to) => to.Put(from.Get());

    /// <summary>Gets one item, prints it and exits at once, as the seed's m2-queue children do.</summary>
    public static void GetAndPrint(ProcessQueue<int> q) => Console.WriteLine($"got {q.Get()}");

    /// <summary>Gets items until a -1 arrives, and reports them as one batch, so the results queue sees one put per consumer.</summary>
    public static void ConsumeUntilStop(ProcessQueue<int> q, ProcessQueue<int[]> results)
    {
        var got = new List<int>();
        for (var item = q.Get(); item != -1; item = q.Get())
        {
            got.Add(item);
        }

        results.Put(got.ToArray());
    }

    /// <summary>A JoinableQueue worker: takes jobs, records each, and marks it done.</summary>
    public static void Work(JoinableQueue<int> jobs, ProcessQueue<int> done)
    {
        while (true)
        {
            var job = jobs.Get();
            done.Put(job * 10);
            jobs.TaskDone();
        }
    }

    /// <summary>Blocks in Get forever (until killed).</summary>
    public static void BlockInGet(ProcessQueue<int> q, ProcessQueue<string> ready)
    {
        ready.Put("blocking");
        q.Get();
        Console.WriteLine("a blocked consumer got an item");
    }

    /// <summary>Says it is about to block, blocks in Get, and reports how the Get ended.</summary>
    public static void GetOrReportLost(ProcessQueue<int> q, ProcessQueue<string> report)
    {
        report.Put("blocking");
        try
        {
            report.Put($"got {q.Get(TimeSpan.FromSeconds(60))}");
        }
        catch (OwnerLostException e)
        {
            report.Put($"lost: {e.Message}");
        }
    }

    /// <summary>Creates a queue here, hands it out inside another queue's item, and waits to be killed.</summary>
    public static void OwnAQueue(ProcessQueue<ProcessQueue<int>> handOut)
    {
        handOut.Put(new ProcessQueue<int>());
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    public static void Echo(Connection<object> conn, int count)
    {
        for (var i = 0; i < count; i++)
        {
            conn.Send(conn.Recv());
        }
    }

    public static void SendHelloAndClose(Connection<object?[]> conn)
    {
        conn.Send([42, null, "hello"]);
        conn.Close();
    }

    public static void SendBytesOf(Connection<object> conn, int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        conn.SendBytes(data);
        conn.Close();
    }

    /// <summary>Takes one item, waiting at most <paramref name="seconds"/>, and puts back a checksum of it.</summary>
    public static void Checksum(ProcessQueue<byte[]> from, ProcessQueue<long> to, int seconds) =>
        to.Put(Sum(from.Get(TimeSpan.FromSeconds(seconds))));

    /// <summary>Receives one message and sends back its checksum.</summary>
    public static void ChecksumOverPipe(Connection<byte[]> conn) => conn.Send(BitConverter.GetBytes(Sum(conn.Recv())));

    /// <summary>Closes its end at once and exits; the parent's sends to it then fail.</summary>
    public static void CloseAndExit(Connection<int> conn) => conn.Close();

    /// <summary>Sends until a Send fails because the other end was closed; exits 3 if that never happens within a minute.</summary>
    public static void SendUntilBroken(Connection<int> conn, ProcessQueue<string> ready)
    {
        conn.Send(0);
        ready.Put("sent");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; waited.Elapsed < TimeSpan.FromMinutes(1); i++)
        {
            try
            {
                conn.Send(i);
            }
            catch (IOException)
            {
                return;
            }

            Thread.Sleep(10);
        }

        Environment.Exit(3);
    }

    public static long Sum(byte[] bytes)
    {
        long sum = bytes.Length;
        for (var i = 0; i < bytes.Length; i += 4096)
        {
            sum = (sum * 31) + bytes[i];
        }

        return sum;
    }
}
