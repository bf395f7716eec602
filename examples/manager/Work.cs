using Actors.Multiprocessing;

namespace Examples.Manager;

public static class Work
{
    /// <summary>CPython's f(d, l), run in the child.</summary>
    public static void F(DictProxy<object, object?> d, ListProxy<int> l)
    {
        d[1] = "1";
        d["2"] = 2;
        d[0.25] = null;
        l.Reverse();
    }
}
