using Actors.Multiprocessing;
using Akka.Actor;

namespace Examples.ActorWorkers;

/// <summary>The supervisor: two process-isolated workers, restarted whatever went wrong, and a line for each failure.</summary>
public sealed class Fleet : ReceiveActor
{
    public static readonly string[] Workers = ["crasher", "thrower"];

    public Fleet()
    {
        foreach (var name in Workers)
        {
            Context.ActorOf(Props.Create<Worker>().InChildProcess(new ChildProcessOptions(Name: name)), name);
        }

        Receive<Ask>(ask => Context.Child(ask.Worker).Forward(ask.Message));
        Receive<Tell>(tell => Context.Child(tell.Worker).Tell(tell.Message));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            var what = e is ChildProcessExitedException exited ? $"its process {exited.Pid} exited with {exited.ExitCode}" : $"{e.GetType().Name}: {e.Message}";
            Console.WriteLine($"supervisor: a worker failed ({what}) -> Restart");
            return Directive.Restart;
        });

    /// <summary>Asks a worker; the worker answers the asker.</summary>
    public sealed record Ask(string Worker, string Message);

    /// <summary>Tells a worker.</summary>
    public sealed record Tell(string Worker, string Message);
}
