using System.Reflection;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A proxy's way to its object in the manager, in any process of the family: the manager actor's path and
/// pid, and the object's id. A call is a request and an answer; if the manager process exits first, the call
/// fails with <see cref="OwnerLostException"/> instead of waiting.
/// </summary>
internal sealed class ManagedRef
{
    [Hyperion.Ignore]
    private IActorRef? _manager;

    public ManagedRef(string managerPath, int managerPid, long id)
    {
        ManagerPath = managerPath;
        ManagerPid = managerPid;
        Id = id;
    }

    public string ManagerPath { get; }

    public int ManagerPid { get; }

    public long Id { get; }

    /// <summary>Asks the manager to create an object and returns the reference to it.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public static ManagedRef Create(string managerPath, int managerPid, Type type, object?[] arguments)
    {
        var created = (ObjectCreated)new ManagedRef(managerPath, managerPid, 0).Send(new CreateObject(MethodRef.QualifiedName(type), arguments));
        return new ManagedRef(managerPath, managerPid, created.Id);
    }

    /// <summary>Calls <paramref name="method"/> on the object; out and ref arguments come back in <paramref name="arguments"/>.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public object? Call(MethodInfo method, object?[] arguments)
    {
        var returned = (CallReturned)Send(new CallObject(Id, MethodRef.From(method), arguments));
        returned.Arguments.CopyTo(arguments, 0);
        return returned.Value;
    }

    /// <summary>The elements of the (enumerable) object, read at one instant.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public T[] Snapshot<T>() => ((object?[])((CallReturned)Send(new SnapshotObject(Id))).Value!).Cast<T>().ToArray();

    /// <summary>The answer to a message about the object; a failure in the manager is rethrown here as its own type.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public object Send(object message)
    {
        var manager = _manager ??= Runtime.Current.System.Provider.ResolveActorRef(ManagerPath);
        var answer = manager.Ask<object>(message);
        var exited = PidWatch.Exited(ManagerPid);
        if (Task.WaitAny(answer, exited) == 1 && !answer.IsCompleted)
        {
            throw new OwnerLostException(
                ManagerPid,
                $"The manager process, pid {ManagerPid}, has exited (Shutdown, Dispose or a crash): its objects are gone. " +
                "Keep the Manager open while its proxies are used, or create a new one.");
        }

        return answer.Result switch
        {
            CallFailed failed => throw failed.Error.ToException(),
            var outcome => outcome,
        };
    }
}
