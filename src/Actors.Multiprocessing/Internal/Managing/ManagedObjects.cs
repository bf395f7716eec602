using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A manager's objects, in the manager process. Requests come from the links of family processes
/// (<see cref="ManagerLink"/>) and the connections of outside ones (<see cref="RemoteServer"/>), one at a time under one lock, so each call is applied whole or not at
/// all whoever sends it and whenever its sender dies.
/// </summary>
internal sealed class ManagedObjects
{
    // Whether a method has out or ref parameters: asked on every call, read once per method.
    private static readonly ConcurrentDictionary<MethodInfo, bool> ChangesArguments = new();
    private readonly object _gate = new();
    private readonly Dictionary<long, object> _objects = [];
    private readonly Dictionary<string, long> _names = [];
    private long _nextId;

    /// <summary>The answer to a request: its outcome, or <see cref="CallFailed"/> with the exception the call threw (its own, not reflection's).</summary>
    public object Handle(object request)
    {
        try
        {
            lock (_gate)
            {
                return request switch
                {
                    CreateObject create => Create(create),
                    CallObject call => Call(call),
                    SnapshotObject snapshot => new CallReturned(((IEnumerable)Target(snapshot.Id)).Cast<object?>().ToArray(), []),
                    UpdateEntry update => new CallReturned(Update(update), []),
                    RegisterObject register => Register(register),
                    LookupObject lookup => Lookup(lookup),
                    _ => throw new InvalidOperationException($"A manager does not handle {TypeNames.Describe(request.GetType())}."),
                };
            }
        }
        catch (Exception e)
        {
            return new CallFailed(RemoteError.From(e is TargetInvocationException { InnerException: { } inner } ? inner : e));
        }
    }

    private ObjectCreated Create(CreateObject create)
    {
        var type = TypeNames.Find(create.TypeName);
        var created = Activator.CreateInstance(type, create.Arguments)
            ?? throw new InvalidOperationException($"{TypeNames.Describe(type)} made no object.");
        _objects[++_nextId] = created;
        return new ObjectCreated(_nextId);
    }

    private ObjectCreated Register(RegisterObject register)
    {
        Target(register.Id);
        _names[register.Name] = register.Id;
        return new ObjectCreated(register.Id);
    }

    private ObjectFound Lookup(LookupObject lookup) =>
        _names.TryGetValue(lookup.Name, out var id)
            ? new ObjectFound(id, MethodRef.QualifiedName(_objects[id].GetType()))
            : throw new KeyNotFoundException(
                $"The manager has no object registered as '{lookup.Name}'; its server registers one with Manager.Register(\"{lookup.Name}\", proxy).");

    private CallReturned Call(CallObject call)
    {
        var arguments = call.Arguments;
        var method = call.Method.Resolve();
        var value = method.Invoke(Target(call.Id), arguments);
        ProcessBound.Check($"The result of {method.DeclaringType?.Name}.{method.Name} in the manager", value);
        // The arguments go back only where the call can have changed them (out and ref parameters).
        return new CallReturned(value, ChangesArguments.GetOrAdd(method, m => m.GetParameters().Any(p => p.ParameterType.IsByRef)) ? arguments : []);
    }

    private object Target(long id) =>
        _objects.TryGetValue(id, out var target)
            ? target
            : throw new InvalidOperationException($"The manager holds no object {id}; it was created by another manager.");

    private object? Update(UpdateEntry update)
    {
        var dictionary = (IDictionary)Target(update.Id);
        var valueType = dictionary.GetType().GetGenericArguments()[1];
        object? value;
        if (dictionary.Contains(update.Key!))
        {
            var present = Array.CreateInstance(valueType, 1);
            present.SetValue(dictionary[update.Key!], 0);
            value = update.Update.Bind().Run(present).GetValue(0);
        }
        else
        {
            value = update.AddValue;
        }

        dictionary[update.Key!] = value;
        return value;
    }
}
