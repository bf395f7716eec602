using System.Collections.Concurrent;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>
/// The parent's side of a process-isolated actor (<see cref="ChildProcessProps.InChildProcess"/>): the
/// <see cref="IActorRef"/> the user holds. It starts the child process, buffers messages until the actor there
/// is up (<see cref="ActorHosted"/>), then forwards each with its sender. It stands in for the actor under the
/// parent's <c>SupervisorStrategy</c>: a failure the child reports (<see cref="ActorFailed"/>) is rethrown here
/// as its own type, and the directive applied to this proxy goes back to the child (Restart in PreRestart,
/// Stop in PostStop, Resume when the probe it sent itself gets through); the process ending is thrown as a
/// <see cref="ChildProcessExitedException"/>, and a Restart then starts a new process.
/// </summary>
internal sealed partial class ProcessActorProxy : ReceiveActor, IWithUnboundedStash
{
    // A restart for a failure of the actor keeps the process: the old incarnation leaves it here for the new.
    private static readonly ConcurrentDictionary<IActorRef, (ActorProcess Process, IActorRef Actor)> KeptAcrossRestart = new();

    private readonly IsolatedActorSpec _spec;
    private readonly HashSet<Type> _travels = [];
    private ActorProcess? _process;
    private IActorRef? _actor;
    private IActorRef? _awaitingDecision;
    private bool _ending;

    public ProcessActorProxy(IsolatedActorSpec spec) => _spec = spec;

    public IStash Stash { get; set; } = null!;

    protected override void PreStart()
    {
        if (_spec.Options.Role is not null)
        {
            SubscribeCluster();
        }

        if (KeptAcrossRestart.TryRemove(Self, out var kept))
        {
            (_process, _actor) = kept;
            Become(Forwarding);
            return;
        }

        StartProcess();
        Become(Starting);
    }

    protected override void PreRestart(Exception reason, object message)
    {
        if (_awaitingDecision is not null && _process is { IsAlive: true } process && _actor is { } actor)
        {
            // The actor failed and the strategy restarts it: in its own process, which the next incarnation keeps.
            KeptAcrossRestart[Self] = (process, actor);
            Decide(FailureDecision.Restart);
            return;
        }

        EndProcess();
    }

    protected override void PostRestart(Exception reason)
    {
        if (reason is ChildProcessExitedException && !_spec.Options.RestartDeadProcess)
        {
            Context.Stop(Self);
            return;
        }

        base.PostRestart(reason);
    }

    protected override void PostStop()
    {
        Decide(FailureDecision.Stop);
        EndProcess();
        UnsubscribeCluster();
    }

    private void Starting()
    {
        Receive<ActorHosted>(hosted =>
        {
            _actor = hosted.Actor;
            Stash.UnstashAll();
            Become(Forwarding);
        });
        Supervision();
        ReceiveAny(_ => Stash.Stash());
    }

    private void Forwarding()
    {
        Supervision();
        ReceiveAny(message =>
        {
            if (Travels(message))
            {
                _actor.Forward(message);
            }
        });
    }

    /// <summary>
    /// Whether <paramref name="message"/> can reach the child: the first message of each type is serialized and
    /// read back with the system's serializer here; one that cannot travel is answered with a
    /// <see cref="TransferException"/> failure (an Ask throws it) instead of being dropped by the transport.
    /// </summary>
    private bool Travels(object message)
    {
        if (_travels.Contains(message.GetType()))
        {
            return true;
        }

        try
        {
            var serializer = Context.System.Serialization.FindSerializerFor(message);
            serializer.FromBinary(serializer.ToBinary(message), message.GetType());
            _travels.Add(message.GetType());
            return true;
        }
        catch (Exception e)
        {
            var refused = new TransferException($"A {TypeNames.Describe(message.GetType())} told to {Self.Path.Name}", $"it cannot be serialized for the actor's process: {e.Message}", e);
            Sender.Tell(new Status.Failure(refused));
            Context.System.EventStream.Publish(new Akka.Event.Warning(Self.Path.ToString(), GetType(), refused.Message));
            return false;
        }
    }

    private void Supervision()
    {
        Receive<ActorFailed>(failed =>
        {
            _awaitingDecision = Sender;
            // Processed only if this proxy is resumed (a restart or a stop answers in PreRestart or PostStop).
            Self.Tell(ResumeProbe.Instance);
            throw failed.Error.ToException();
        });
        Receive<ResumeProbe>(_ => Decide(FailureDecision.Resume));
        Receive<HostedActorStopped>(_ => Context.Stop(Self));
        Receive<ActorProcessEnded>(Ended);
        if (_spec.Options.Role is not null)
        {
            ClusterSupervision();
        }
    }

    private void Ended(ActorProcessEnded ended)
    {
        if (ended.Process == _process && !_ending)
        {
            throw ended.Exception;
        }
    }

    private void StartProcess()
    {
        if (!Runtime.IsStarted)
        {
            Runtime.Use(Context.System);
        }
        else if (Runtime.Current.System != Context.System)
        {
            throw new InvalidOperationException(
                $"Process-isolated actors live in the ActorSystem of the process family, not in '{Context.System.Name}': " +
                "call ProcessRuntime.UseActorSystem(system) before the first child process starts.");
        }

        _process = _spec.Options.Role is { } role ? new NodeActorProcess(role) : new LocalActorProcess();
        _ending = false;
        // Without a node of its role up yet, it starts when one comes up (see ClusterSupervision).
        _process.Start(Context.System, Self, _spec, ProcessName);
    }

    private string ProcessName => _spec.Options.Name ?? Self.Path.Name;

    private void EndProcess()
    {
        _ending = true;
        if (_process is { IsAlive: true } process)
        {
            process.Terminate();
        }
    }

    private void Decide(FailureDecision decision)
    {
        _awaitingDecision?.Tell(decision);
        _awaitingDecision = null;
    }

    /// <summary>Sent to itself before rethrowing a failure: it gets through only if the proxy is resumed.</summary>
    private sealed record ResumeProbe
    {
        public static readonly ResumeProbe Instance = new();
    }
}
