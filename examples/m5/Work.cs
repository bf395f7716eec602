using System.Globalization;
using Actors.Multiprocessing;

namespace Examples.M5;

/// <summary>The seed's createNumber(q, flag).</summary>
public static class Work
{
    public static void CreateNumber(ProcessQueue<int> q, SharedValue<int> flag)
    {
        while (true)
        {
            for (var x = 0; x < 20; x++)
            {
                q.Put(x);
            }

            var now = DateTime.Now;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{now:ddd MMM} {now.Day,2} {now:HH:mm:ss yyyy} 加入完毕"));
            Thread.Sleep(TimeSpan.FromSeconds(5));
            if (flag.Value != 0)
            {
                Console.WriteLine($"停止添加队列:flag.value:-- {flag.Value}");
                break;
            }

            Console.WriteLine(flag.Value);
        }
    }
}
