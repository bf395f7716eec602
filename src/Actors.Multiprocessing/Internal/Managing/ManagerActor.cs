using System.Collections;
using System.Reflection;
using Actors.Multiprocessing.Internal.Pooling;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The one owner of a manager's objects, in the manager process: every call on every object runs here, one
/// message at a time, so each call is applied whole or not at all whoever sends it and whenever its sender dies.
/// </summary>
internal sealed class ManagerActor : ReceiveActor
{
    private readonly Dictionary<long, object> _objects = [];
    private long _nextId;

    public ManagerActor()
    {
        Receive<CreateObject>(create => Answer(() =>
        {
            var type = Type.GetType(create.TypeName, throwOnError: true)!;
            var created = Activator.CreateInstance(type, create.Arguments)
                ?? throw new InvalidOperationException($"{TypeNames.Describe(type)} made no object.");
            _objects[++_nextId] = created;
            return new ObjectCreated(_nextId);
        }));
        Receive<CallObject>(call => Answer(() =>
        {
            var arguments = call.Arguments;
            var value = call.Method.Resolve().Invoke(Target(call.Id), arguments);
            return new CallReturned(value, arguments);
        }));
        Receive<SnapshotObject>(snapshot => Answer(() =>
        {
            var elements = ((IEnumerable)Target(snapshot.Id)).Cast<object?>().ToArray();
            return new CallReturned(elements, []);
        }));
        Receive<UpdateEntry>(update => Answer(() => new CallReturned(Update(update), [])));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ManagerActor());

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

    /// <summary>Answers the sender with the outcome, or with the exception the call threw (its own, not reflection's).</summary>
    private void Answer(Func<object> handle)
    {
        try
        {
            Sender.Tell(handle());
        }
        catch (Exception e)
        {
            var thrown = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            Sender.Tell(new CallFailed(RemoteError.From(thrown)));
        }
    }
}
