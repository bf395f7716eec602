namespace Actors.Multiprocessing.Tests;

/// <summary>What children do with a manager's proxies in the specs.</summary>
public static class ManagerWork
{
    public static void AddEntries(DictProxy<string, int> dict, int worker, int count)
    {
        for (var i = 0; i < count; i++)
        {
            dict[$"{worker}-{i}"] = i;
        }
    }

    public static void Increment(DictProxy<string, int> dict, int times)
    {
        for (var i = 0; i < times; i++)
        {
            dict.AddOrUpdate("hits", 1, hits => Plus1(hits));
        }
    }

    public static int Plus1(int value) => value + 1;

    public static void IncrementForever(DictProxy<string, int> dict)
    {
        while (true)
        {
            dict.AddOrUpdate("hits", 1, hits => Plus1(hits));
        }
    }

    public static void AppendThenReverse(ListProxy<int> list, int first, int count)
    {
        list.AddRange(Enumerable.Range(first, count));
        list.Reverse();
    }

    public static void Bump(ICounter counter, int times)
    {
        for (var i = 0; i < times; i++)
        {
            counter.Increment();
        }
    }

    public static void Name(NamespaceProxy names, string name, int value) => names[name] = value;

    public static int AddAndCount(DictProxy<string, int> dict, string key)
    {
        dict[key] = 1;
        return dict.Count;
    }

    public static void BumpFromQueue(ProcessQueue<ICounter> counters)
    {
        counters.Get().Increment();
    }
}

/// <summary>A custom object's interface, for a manager's proxy.</summary>
public interface ICounter
{
    int Value { get; }

    int Increment();

    void Fail(string why);

    bool TryDivide(int by, out int quotient);

    Stream Open();
}

/// <summary>The one instance lives in the manager process.</summary>
public sealed class Counter(int start) : ICounter
{
    public int Value { get; private set; } = start;

    public int Increment() => ++Value;

    public void Fail(string why) => throw new InvalidOperationException(why);

    public Stream Open() => new MemoryStream([1, 2, 3]);

    public bool TryDivide(int by, out int quotient)
    {
        quotient = by == 0 ? 0 : Value / by;
        return by != 0;
    }
}
