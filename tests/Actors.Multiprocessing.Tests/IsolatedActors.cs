using Akka.Actor;
using Akka.Event;

namespace Actors.Multiprocessing.Tests;

/// <summary>An actor run in a child process by the specs: a counter that reports its pid, fails, crashes and logs on request.</summary>
public sealed class CounterActor : ReceiveActor
{
    private int _count;

    public CounterActor(int start)
    {
        _count = start;
        Receive<string>(text => text == "inc", _ => _count++);
        Receive<string>(text => text == "get", _ => Sender.Tell(new CounterState(_count, Environment.ProcessId)));
        Receive<string>(text => text == "boom", _ => throw new InvalidOperationException("boom in the child"));
        Receive<string>(text => text == "crash", _ => Environment.FailFast("crash requested by the spec"));
        Receive<string>(text => text == "stop", _ => Context.Stop(Self));
        Receive<string>(text => text.StartsWith("warn:"), text =>
        {
            Context.GetLogger().Warning("the child says {0}", text["warn:".Length..]);
            Sender.Tell(new CounterState(_count, Environment.ProcessId));
        });
        Receive<int>(n => Sender.Tell(n));
    }
}

/// <summary>What <see cref="CounterActor"/> answers to "get".</summary>
public sealed record CounterState(int Count, int Pid);

/// <summary>Receives numbers in a child and says, at "done", whether they came in order and how many.</summary>
public sealed class SequenceActor : ReceiveActor
{
    private int _next;
    private bool _inOrder = true;

    public SequenceActor()
    {
        Receive<int>(n =>
        {
            _inOrder &= n == _next;
            _next++;
        });
        Receive<string>(_ => Sender.Tell($"{_next} in order: {_inOrder}"));
    }
}

/// <summary>A parent with a strategy of the spec's choosing: tells the probe each failure's type, then applies the directive.</summary>
public sealed class StrategyParent : ReceiveActor
{
    private readonly IActorRef _probe;
    private readonly Directive _directive;

    public StrategyParent(Props child, IActorRef probe, Directive directive)
    {
        _probe = probe;
        _directive = directive;
        var worker = Context.ActorOf(child, "worker");
        ReceiveAny(message => worker.Forward(message));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _probe.Tell(e);
            return _directive;
        });
}

/// <summary>An actor whose constructor takes what cannot live in another process.</summary>
public sealed class StreamHolder : ReceiveActor
{
    public StreamHolder(Stream stream) => ReceiveAny(_ => Sender.Tell(stream.Length));
}

/// <summary>An actor whose constructor fails in the child.</summary>
public sealed class FailingConstructorActor : ReceiveActor
{
    public FailingConstructorActor() => throw new ArgumentException("no such parser");
}
