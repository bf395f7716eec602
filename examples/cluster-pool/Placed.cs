using Actors.Multiprocessing;
using Akka.Actor;

namespace Examples.ClusterPool;

/// <summary>A process-isolated actor placed on a worker node: answers "where" with its pid, its node's pid and how many it answered.</summary>
public sealed class Placed : ReceiveActor
{
    private int _answered;

    public Placed() => Receive<string>(_ => Sender.Tell($"pid={Environment.ProcessId} node-pid={ParentPid()} answered={++_answered}"));

    private static string ParentPid() =>
        File.ReadAllText("/proc/self/stat").Split(") ")[1].Split(' ')[1];
}

/// <summary>Its parent: a process lost with its node is restarted on another node, and said so.</summary>
public sealed class PlacedParent : ReceiveActor
{
    public PlacedParent()
    {
        var child = Context.ActorOf(Props.Create<Placed>().InChildProcess(new ChildProcessOptions(Role: "worker")), "placed");
        ReceiveAny(message => child.Forward(message));
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(error =>
    {
        Console.WriteLine($"restarted: {error.Message}");
        return Directive.Restart;
    });
}
