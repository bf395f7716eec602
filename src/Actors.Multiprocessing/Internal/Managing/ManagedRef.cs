using System.Reflection;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A proxy's way to its object in the manager, from any process of the family: the manager actor's path and
/// pid, and the object's id. A call is a request and an answer through this process's <see cref="ManagerLink"/>.
/// </summary>
internal sealed class ManagedRef
{
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
    /// <exception cref="TransferException">An argument cannot live in another process (a stream, a delegate...).</exception>
    public object? Call(MethodInfo method, object?[] arguments)
    {
        foreach (var argument in arguments)
        {
            ProcessBound.Check($"An argument of {method.DeclaringType?.Name}.{method.Name} for the manager", argument);
        }

        var returned = (CallReturned)Send(new CallObject(Id, MethodRef.From(method), arguments));
        returned.Arguments.CopyTo(arguments, 0);
        return returned.Value;
    }

    /// <summary>The elements of the (enumerable) object, read at one instant.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public T[] Snapshot<T>() => ((object?[])((CallReturned)Send(new SnapshotObject(Id))).Value!).Cast<T>().ToArray();

    /// <summary>The answer to a request about the object; a failure in the manager is rethrown here as its own type.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public object Send(object request) =>
        Link().Request(request) switch
        {
            CallFailed failed => throw failed.Error.ToException(),
            var outcome => outcome,
        };

    private IManagerLink Link() => RemoteLink.Names(ManagerPath) ? RemoteLink.Of(ManagerPath) : ManagerLink.Of(ManagerPath, ManagerPid);
}
