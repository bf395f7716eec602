using Actors.Multiprocessing;

namespace Examples.M4Queue;

/// <summary>The seed's f(q).</summary>
public static class Work
{
    public static void F(ProcessQueue<object?[]> q) => q.Put([42, null, "hello"]);
}
