// A user's first program against the packed package: a child, a queue between two processes, a pool.
using System.Runtime.Versioning;
using Actors.Multiprocessing;

[assembly: SupportedOSPlatform("linux")]

var child = new Process(() => Smoke.Hello("package"));
child.Start();
child.Join();

using var queue = new ProcessQueue<int>();
var putter = new Process(() => Smoke.Put(queue, 42));
putter.Start();
var item = queue.Get(TimeSpan.FromMinutes(2));
putter.Join();

await using var pool = new Pool(processes: 2);
var squares = pool.Map(n => Smoke.Square(n), Enumerable.Range(1, 4));

Console.WriteLine($"child exit {child.ExitCode}, queue item {item}, pool squares {string.Join(" ", squares)}");

public static class Smoke
{
    public static void Hello(string from) => Console.WriteLine($"hello from the {from}'s child");

    public static void Put(ProcessQueue<int> queue, int item) => queue.Put(item);

    public static int Square(int n) => n * n;
}
