// A supervised fleet of process-isolated actors: each worker lives in an OS process of its own, under its
// parent's SupervisorStrategy. One crashes its process (Environment.FailFast) and is restarted in a new
// process; the other throws and is restarted in place, in the same process. A message already delivered to
// a process when it dies goes with it (as the message a crashing actor was handling), so the pid is asked
// again until the new process answers.
using Actors.Multiprocessing;
using Akka.Actor;
using Examples.ActorWorkers;

using var system = ActorSystem.Create("fleet", ProcessRuntime.DefaultSetup);
ProcessRuntime.UseActorSystem(system);
var fleet = system.ActorOf(Props.Create<Fleet>(), "fleet");

var before = new Dictionary<string, int>();
foreach (var worker in Fleet.Workers)
{
    before[worker] = await Pid(worker);
    Console.WriteLine($"{worker}: pid {before[worker]}");
}

fleet.Tell(new Fleet.Tell("crasher", "crash"));
fleet.Tell(new Fleet.Tell("thrower", "throw"));
foreach (var worker in Fleet.Workers)
{
    var pid = await Pid(worker);
    Console.WriteLine($"{worker}: pid {pid} ({(pid == before[worker] ? "the same process" : "a new process")})");
}

await system.Terminate();

async Task<int> Pid(string worker)
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            return await fleet.Ask<int>(new Fleet.Ask(worker, "pid"), TimeSpan.FromSeconds(2));
        }
        catch (AskTimeoutException) when (attempt < 15)
        {
        }
    }
}
