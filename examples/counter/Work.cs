using Actors.Multiprocessing;

namespace Examples.Counter;

/// <summary>Adds to both counters, one under its lock and one without.</summary>
public static class Work
{
    public static void Add(SharedValue<int> locked, SharedValue<int> raw, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using (locked.GetLock())
            {
                locked.Value += 1;
            }

            raw.Value += 1;
        }
    }
}
