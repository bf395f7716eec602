using Actors.Multiprocessing;

namespace Examples.M6;

/// <summary>The seed's createNumber and runProcess.</summary>
public static class Work
{
    public static void CreateNumber(ProcessQueue<int> q)
    {
        for (var burst = 0; burst < 3; burst++)
        {
            for (var y = burst * 10; y < (burst + 1) * 10; y++)
            {
                q.Put(y);
            }

            Console.WriteLine("i am sleeping");
            Thread.Sleep(TimeSpan.FromSeconds(4));
        }
    }

    public static void RunProcess(ProcessQueue<int> q)
    {
        while (true)
        {
            int i;
            try
            {
                i = q.Get(TimeSpan.FromSeconds(10));
            }
            catch (QueueEmptyException)
            {
                return;
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(100));
            Console.WriteLine($"{CTime(DateTime.Now)} : {Environment.ProcessId} : {i}");
        }
    }

    /// <summary>Python's time.ctime(): "Tue Jan 30 21:48:35 2018", the day padded to two places.</summary>
    private static string CTime(DateTime now) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now:ddd MMM} {now.Day,2} {now:HH:mm:ss yyyy}");
}
