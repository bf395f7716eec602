// Port of CPython's manager example (the multiprocessing docs, "Server process"): a child writes into a
// shared dict and reverses a shared list, and the parent prints both.
//   dotnet run --project examples/manager      {1: '1', '2': 2, 0.25: None} then [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
using Actors.Multiprocessing;
using Examples.Manager;

using var manager = new Manager();
var d = manager.Dict<object, object?>();
var l = manager.List(Enumerable.Range(0, 10));

var p = new Process(() => Work.F(d, l));
p.Start();
p.Join();

Console.WriteLine(d);
Console.WriteLine(l);
