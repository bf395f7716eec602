using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>
/// The child's side of a process-isolated actor: the target of its process. It creates the actor under a
/// <see cref="HostActor"/> in the child's ActorSystem, and the process lives as long as that actor.
/// </summary>
internal static class ActorHost
{
    /// <summary>Creates the actor of type <paramref name="actorType"/> and tells <paramref name="proxy"/>; returns when the actor stops.</summary>
    public static void Run(IActorRef proxy, string actorType, byte[] arguments)
    {
        var type = TypeNames.Find(actorType);
        var props = Props.Create(type, TransferCodec.Current.Deserialize<object?[]>(arguments));
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Runtime.Current.System.ActorOf(Props.Create(() => new HostActor(proxy, props, stopped)), "isolated");
        stopped.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Parent of the user's actor in the child: creates it, reports it to the proxy, and asks the proxy (that
    /// is, the parent's SupervisorStrategy) what to do when it fails, holding the actor suspended meanwhile.
    /// </summary>
    private sealed class HostActor : ReceiveActor
    {
        // The parent answers as soon as its strategy decided, or stops this process; the bound is for a parent
        // that can no longer answer (its proxy gone): the actor is then stopped.
        private static readonly TimeSpan DecisionBound = TimeSpan.FromMinutes(1);

        private readonly IActorRef _proxy;
        private readonly Props _props;
        private readonly TaskCompletionSource _stopped;

        public HostActor(IActorRef proxy, Props props, TaskCompletionSource stopped)
        {
            _proxy = proxy;
            _props = props;
            _stopped = stopped;
            Receive<Terminated>(_ =>
            {
                _proxy.Tell(new HostedActorStopped());
                Context.Stop(Self);
            });
        }

        protected override void PreStart()
        {
            var actor = Context.Watch(Context.ActorOf(_props, "actor"));
            _proxy.Tell(new ActorHosted(actor, Environment.ProcessId));
        }

        protected override void PostStop() => _stopped.TrySetResult();

        protected override SupervisorStrategy SupervisorStrategy() =>
            new OneForOneStrategy(maxNrOfRetries: -1, withinTimeRange: Timeout.InfiniteTimeSpan, localOnlyDecider: Decide);

        private Directive Decide(Exception failure)
        {
            try
            {
                var decision = _proxy.Ask<FailureDecision>(new ActorFailed(RemoteError.From(failure)), DecisionBound).GetAwaiter().GetResult();
                return Enum.Parse<Directive>(decision.Directive);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return Directive.Stop;
            }
        }
    }
}
