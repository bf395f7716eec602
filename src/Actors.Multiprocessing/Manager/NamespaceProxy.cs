using System.Reflection;
using Actors.Multiprocessing.Internal.Managing;

namespace Actors.Multiprocessing;

/// <summary>
/// Named values held by a <see cref="Manager"/> (CPython's <c>Namespace</c>, where <c>ns.x = 1</c> reads here
/// <c>ns["x"] = 1</c>): each read and write is one call to the manager process.
/// </summary>
public sealed class NamespaceProxy : IManagerProxy
{
    private static readonly Type Names = typeof(Dictionary<string, object?>);
    private static readonly MethodInfo GetItem = Names.GetProperty("Item")!.GetMethod!;
    private static readonly MethodInfo SetItem = Names.GetProperty("Item")!.SetMethod!;
    private static readonly MethodInfo HasName = Names.GetMethod(nameof(Dictionary<string, object?>.ContainsKey))!;
    private static readonly MethodInfo RemoveName = Names.GetMethod(nameof(Dictionary<string, object?>.Remove), [typeof(string)])!;

    private readonly ManagedRef _object;

    internal NamespaceProxy(ManagedRef managed) => _object = managed;

    /// <summary>The object in the manager.</summary>
    ManagedRef IManagerProxy.Object => _object;

    /// <summary>A named value (CPython's attribute).</summary>
    /// <exception cref="KeyNotFoundException">Getting a name that was never set (CPython's AttributeError).</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public object? this[string name]
    {
        get => _object.Call(GetItem, [name]);
        set => _object.Call(SetItem, [name, value]);
    }

    /// <summary>A named value as <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">The name was never set.</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public T Get<T>(string name) => (T)this[name]!;

    /// <summary>Whether the name has a value.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Contains(string name) => (bool)_object.Call(HasName, [name])!;

    /// <summary>Removes the name (CPython's <c>del ns.x</c>); false when it had no value.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Remove(string name) => (bool)_object.Call(RemoveName, [name])!;

    /// <summary>The names and values, at one instant.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public IReadOnlyDictionary<string, object?> Copy() => new Dictionary<string, object?>(_object.Snapshot<KeyValuePair<string, object?>>());
}
