// Port of the queue example from CPython's manual (the seed's first m4.py with a Queue):
// a child puts [42, None, 'hello'] on a queue and the parent prints it.
using Actors.Multiprocessing;
using Examples;
using Examples.M4Queue;

var q = new ProcessQueue<object?[]>();
var p = new Process(() => Work.F(q));
p.Start();
Console.WriteLine(PythonRepr.Of(q.Get()));   // prints "[42, None, 'hello']"
p.Join();
