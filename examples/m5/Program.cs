// Port of the seed's m5.py: a producer adds 0-19 to a queue every 5 s until the parent sets the shared
// flag to 1 after 20 s; then it prints the stop line with the flag's value.
using Actors.Multiprocessing;
using Examples.M5;

var flag = new SharedValue<int>(0);
Console.WriteLine($"flag: {flag.Value}");
var q = new ProcessQueue<int>();
var creater = new Process(() => Work.CreateNumber(q, flag));
creater.Start();
Thread.Sleep(TimeSpan.FromSeconds(20));
flag.Value = 1;
