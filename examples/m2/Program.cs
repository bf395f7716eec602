// Port of the seed's m2.py: two children print their pid, sleep 10 s, then print 1.
//   dotnet run --project examples/m2            both children start together: two pids, then two 1s together
//   dotnet run --project examples/m2 -- --join  p.Join(5 s) between the starts: the second child starts ~5 s later
using Actors.Multiprocessing;
using Examples.M2;

var p = new Process(() => Work.RunProcess());
p.Start();
if (args.Contains("--join"))
{
    p.Join(TimeSpan.FromSeconds(5));
}

var p2 = new Process(() => Work.RunProcess());
p2.Start();
// No Join here, as in the seed: the main process waits for its non-daemon children when it exits.
