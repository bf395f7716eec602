// CPython's manual warns that `v.value += 1` on a shared Value is not atomic. Four processes each add
// 50,000 to two counters: under GetLock() the total is exact; with the lock-free += on a raw value,
// updates are lost.
using Actors.Multiprocessing;
using Examples.Counter;

const int processes = 4, times = 50_000;
var locked = new SharedValue<int>(0);
var raw = new SharedValue<int>(0, withLock: false);
var workers = Enumerable.Range(0, processes).Select(_ => new Process(() => Work.Add(locked, raw, times))).ToList();
workers.ForEach(w => w.Start());
workers.ForEach(w => w.Join());
Console.WriteLine($"under GetLock(): {locked.Value} (expected {processes * times})");
Console.WriteLine($"lock-free +=:    {raw.Value} ({processes * times - raw.Value} updates lost)");
