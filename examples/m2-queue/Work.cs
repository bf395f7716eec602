using Actors.Multiprocessing;

namespace Examples.M2Queue;

/// <summary>The seed's runProcess(q).</summary>
public static class Work
{
    public static void RunProcess(ProcessQueue<int> q) => Console.WriteLine(q.Get());
}
