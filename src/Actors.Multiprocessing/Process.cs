using System.Linq.Expressions;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing;

/// <summary>
/// A target run in a new OS process, as CPython's <c>multiprocessing.Process</c>: the child is this app
/// started again, hosting an Akka.Remote ActorSystem on loopback, supervised by an actor in this process.
/// </summary>
/// <remarks>
/// The target is a lambda whose body is one call, such as <c>() => Work.Add(n, 35)</c>: a static method, or
/// an instance method of an object that can be transferred. The instance and the arguments are evaluated
/// when <see cref="Start"/> is called and sent to the child with Hyperion.
/// </remarks>
public sealed partial class Process : IDisposable
{
    private readonly object _gate = new();
    private LambdaExpression? _target;
    private readonly ProcessRole _role;
    private readonly string _identity;
    private readonly int _knownPid;
    private string _name;
    private bool _daemon;
    private byte[] _authKey;
    private ChildProcess? _child;
    private IActorRef? _supervisor;
    private bool _closed;

    /// <summary>Creates a process that will run <paramref name="target"/> when started.</summary>
    /// <param name="target">One method call, such as <c>() => Work.Sleep(TimeSpan.FromSeconds(3))</c>.</param>
    /// <param name="name">The name; <c>Process-N</c> (CPython's default) when null.</param>
    /// <param name="daemon">Whether the child is terminated (not joined) when this process exits; inherited when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public Process(Expression<Action> target, string? name = null, bool? daemon = null)
        : this((LambdaExpression)target, name, daemon)
    {
    }

    /// <summary>Creates a process that will run the async <paramref name="target"/> and await it in the child.</summary>
    /// <param name="target">One call of a method that returns a Task, such as <c>() => Work.RunAsync(n)</c>.</param>
    /// <param name="name">The name; <c>Process-N</c> (CPython's default) when null.</param>
    /// <param name="daemon">Whether the child is terminated (not joined) when this process exits; inherited when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public Process(Expression<Func<Task>> target, string? name = null, bool? daemon = null)
        : this((LambdaExpression)target, name, daemon)
    {
    }

    private Process(LambdaExpression target, string? name, bool? daemon)
    {
        ArgumentNullException.ThrowIfNull(target);
        var creator = Current;
        _target = target;
        _role = ProcessRole.Child;
        _identity = creator.NextChildIdentity();
        _name = name ?? $"Process-{_identity}";
        _daemon = daemon ?? creator._daemon;
        _authKey = creator._authKey;
    }

    private Process(ProcessRole role, string name, int pid, string identity, bool daemon, byte[] authKey)
    {
        _role = role;
        _name = name;
        _knownPid = pid;
        _identity = identity;
        _daemon = daemon;
        _authKey = authKey;
    }

    /// <summary>The name, used in messages and by the child's <see cref="Current"/>; any string, not unique.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public string Name
    {
        get { ThrowIfClosed(); return _name; }
        set { ThrowIfClosed(); _name = value ?? throw new ArgumentNullException(nameof(value)); }
    }

    /// <summary>Whether the child is terminated rather than joined when this process exits; set before Start.</summary>
    /// <exception cref="InvalidOperationException">Set after Start.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public bool Daemon
    {
        get { ThrowIfClosed(); return _daemon; }
        set
        {
            ThrowIfClosed();
            if (_child is not null || _role != ProcessRole.Child)
            {
                throw new InvalidOperationException($"Daemon cannot be set on {Describe()}: set it on a child process before Start().");
            }

            _daemon = value;
        }
    }

    /// <summary>The family's secret, inherited by every child this process starts (CPython's authkey).</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public byte[] AuthKey
    {
        get { ThrowIfClosed(); return (byte[])_authKey.Clone(); }
        set
        {
            ThrowIfClosed();
            ArgumentNullException.ThrowIfNull(value);
            _authKey = (byte[])value.Clone();
        }
    }

    /// <summary>The OS process id; null before Start.</summary>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public int? Pid
    {
        get
        {
            ThrowIfClosed();
            return _role == ProcessRole.Child ? _child?.Pid : _knownPid;
        }
    }

    /// <summary>Null while the child runs (or before Start); then its exit code, -N when signal N ended it.</summary>
    /// <remarks>.NET reports a death by signal N as 128 + N, so an explicit exit code from 129 to 192 reads as -(code - 128).</remarks>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public int? ExitCode
    {
        get { ThrowIfClosed(); return _child?.ExitCode; }
    }

    /// <summary>Whether the process is running: a child between Start and its exit, or a live parent.</summary>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public bool IsAlive
    {
        get
        {
            ThrowIfClosed();
            return _role switch
            {
                ProcessRole.Current => true,
                ProcessRole.Parent => !ParentWatch.ParentGone.IsCompleted,
                _ => _child is { HasExited: false },
            };
        }
    }

    /// <summary>Starts the child: a new OS process that runs the target.</summary>
    /// <exception cref="TransferException">The target is not one call, or its instance or an argument cannot be transferred; names the part.</exception>
    /// <exception cref="InvalidOperationException">Already started, not a child process, this process is a daemon (daemons have no children), or the supervising ActorSystem stopped meanwhile.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (_role != ProcessRole.Child)
            {
                throw new InvalidOperationException($"{Describe()} is not a child of this process and cannot be started; start a new Process(target) instead.");
            }

            if (_child is not null)
            {
                throw new InvalidOperationException($"{Describe()} was already started; a process can be started only once, so create a new Process to run the target again.");
            }

            if (Current._daemon)
            {
                throw new InvalidOperationException(
                    $"A daemon process is not allowed to have children (as in CPython), so {Current.Describe()} cannot start '{_name}'. " +
                    $"Start it from a process that is not a daemon, or create '{Current._name}' with daemon: false.");
            }

            (_child, _supervisor) = ChildLauncher.Launch(_target!, new ChildIdentity(_name, _identity, _daemon, _authKey, Current._name));
            // The target went to the child: its instance and arguments (a shared value, a large array) need not
            // live as long as this object, as CPython's start() deletes _target and _args.
            _target = null;
            Track(this);
        }
    }

    /// <summary>Runs the target here, in the calling process (CPython's run(); Start runs it in a child).</summary>
    /// <exception cref="TransferException">The target is not one call, or evaluating an argument failed.</exception>
    /// <exception cref="InvalidOperationException">This is not a process created with a target, or it was started (its target went to the child).</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public void Run()
    {
        ThrowIfClosed();
        if (_target is null)
        {
            throw new InvalidOperationException(_child is null
                ? $"{Describe()} has no target to run; only a Process created with a target can Run()."
                : $"{Describe()} was started: its target went to the child and Run() has nothing left to run (as in CPython). Run() before Start(), or create a new Process to run the target here.");
        }

        TargetCompiler.Compile(_target).InvokeAsync().GetAwaiter().GetResult();
    }

    /// <summary>Describes the process as CPython's repr does, e.g. <c>&lt;Process name='Process-1' pid=42 started&gt;</c>.</summary>
    public override string ToString() => $"<{Describe()}>";

    private string Describe()
    {
        if (_closed)
        {
            return $"Process name='{_name}' closed";
        }

        var state = _role switch
        {
            ProcessRole.Current => " current",
            ProcessRole.Parent => " parent",
            _ when _child is null => " initial",
            _ when _child.ExitCode is { } code => $" stopped exitcode={code}",
            _ => " started",
        };
        var pid = Pid is { } id ? $" pid={id}" : "";
        return $"Process name='{_name}'{pid}{state}{(_daemon ? " daemon" : "")}";
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(
                ToString(), "The process handle was closed (Close or Dispose): only Close() and Dispose() work on it now. Read what you need (Pid, ExitCode) before closing it.");
        }
    }

    private enum ProcessRole
    {
        Child,
        Current,
        Parent,
    }
}
