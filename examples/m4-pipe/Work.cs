using Actors.Multiprocessing;

namespace Examples.M4Pipe;

/// <summary>The seed's f(conn).</summary>
public static class Work
{
    public static void F(Connection<object?[]> conn)
    {
        conn.Send([42, null, "hello"]);
        conn.Close();
    }
}
