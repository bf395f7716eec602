// Port of the seed's m2.py with a Queue: the parent puts 0-9, then 9 children each get one item and print it.
using Actors.Multiprocessing;
using Examples.M2Queue;

const int n = 9;
var q = new ProcessQueue<int>();
for (var x = 0; x < 10; x++)
{
    q.Put(x);
}

for (var x = 0; x < n; x++)
{
    var p = new Process(() => Work.RunProcess(q));
    p.Start();
}

// The main process joins its children when it exits, as CPython does. Item 9 stays in the queue: the seed
// notes that a child getting from an empty queue would wait forever, and uses Get with a timeout for that.
