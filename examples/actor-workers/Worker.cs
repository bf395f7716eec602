using Akka.Actor;

namespace Examples.ActorWorkers;

/// <summary>A worker in a child process: tells its pid, crashes its process or throws on request.</summary>
public sealed class Worker : ReceiveActor
{
    public Worker()
    {
        Receive<string>(m => m == "pid", _ => Sender.Tell(Environment.ProcessId));
        Receive<string>(m => m == "crash", _ => Environment.FailFast("the worker crashed its process"));
        Receive<string>(m => m == "throw", _ => throw new InvalidOperationException("the work failed"));
    }
}
