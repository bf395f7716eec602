using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Actors.Multiprocessing.Internal.Managing;
using Actors.Multiprocessing.Internal.Pooling;

namespace Actors.Multiprocessing;

/// <summary>
/// A dictionary held by a <see cref="Manager"/> (CPython's <c>DictProxy</c>): every member is one call to the
/// manager process, where the one dictionary lives. Enumerating, <see cref="Keys"/> and <see cref="Values"/> read
/// a snapshot taken at one instant. <c>d[k] += 1</c> is a read and a write, two calls: from two processes it
/// loses updates, as in CPython; <see cref="AddOrUpdate"/> is one atomic call.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class DictProxy<TKey, TValue> : IDictionary<TKey, TValue>, IManagerProxy where TKey : notnull
{
    private static readonly Type Dictionary = typeof(IDictionary<TKey, TValue>);
    private static readonly Type Collection = typeof(ICollection<KeyValuePair<TKey, TValue>>);
    private static readonly MethodInfo GetItem = Dictionary.GetProperty("Item")!.GetMethod!;
    private static readonly MethodInfo SetItem = Dictionary.GetProperty("Item")!.SetMethod!;
    private static readonly MethodInfo AddEntry = Dictionary.GetMethod(nameof(IDictionary<TKey, TValue>.Add))!;
    private static readonly MethodInfo HasKey = Dictionary.GetMethod(nameof(IDictionary<TKey, TValue>.ContainsKey))!;
    private static readonly MethodInfo RemoveKey = Dictionary.GetMethod(nameof(IDictionary<TKey, TValue>.Remove))!;
    private static readonly MethodInfo TryGet = Dictionary.GetMethod(nameof(IDictionary<TKey, TValue>.TryGetValue))!;
    private static readonly MethodInfo CountOf = Collection.GetProperty(nameof(ICollection<KeyValuePair<TKey, TValue>>.Count))!.GetMethod!;
    private static readonly MethodInfo ClearAll = Collection.GetMethod(nameof(ICollection<KeyValuePair<TKey, TValue>>.Clear))!;
    private static readonly MethodInfo HasPair = Collection.GetMethod(nameof(ICollection<KeyValuePair<TKey, TValue>>.Contains))!;
    private static readonly MethodInfo RemovePair = Collection.GetMethod(nameof(ICollection<KeyValuePair<TKey, TValue>>.Remove))!;

    private readonly ManagedRef _object;

    internal DictProxy(ManagedRef managed) => _object = managed;

    /// <summary>The object in the manager.</summary>
    ManagedRef IManagerProxy.Object => _object;

    /// <summary>The value of a key.</summary>
    /// <exception cref="KeyNotFoundException">Getting a key the dictionary does not hold.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public TValue this[TKey key]
    {
        get => (TValue)_object.Call(GetItem, [key])!;
        set => _object.Call(SetItem, [key, value]);
    }

    /// <summary>The number of entries.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public int Count => (int)_object.Call(CountOf, [])!;

    /// <summary>The keys, at one instant.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public ICollection<TKey> Keys => Copy().Keys;

    /// <summary>The values, at one instant.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public ICollection<TValue> Values => Copy().Values;

    /// <summary>False: a shared dictionary is writable.</summary>
    public bool IsReadOnly => false;

    /// <summary>Adds an entry.</summary>
    /// <exception cref="ArgumentException">The key is present.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Add(TKey key, TValue value) => _object.Call(AddEntry, [key, value]);

    /// <summary>Adds an entry.</summary>
    /// <exception cref="ArgumentException">The key is present.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    /// <summary>
    /// In one call, atomic whoever else calls: sets the key to <paramref name="addValue"/> when it is absent, or
    /// to <paramref name="update"/> of its present value, and returns the new value (as
    /// <c>ConcurrentDictionary.AddOrUpdate</c>). <paramref name="update"/> is one method call on the present value,
    /// such as <c>v =&gt; Counters.Increment(v)</c>, run in the manager process.
    /// </summary>
    /// <exception cref="TransferException">The update is not one method call of its parameter, or a part cannot be transferred.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public TValue AddOrUpdate(TKey key, TValue addValue, Expression<Func<TValue, TValue>> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var function = PoolCallCompiler.CompileTemplate(update, ItemShape.Whole, typeof(TValue));
        return (TValue)((CallReturned)_object.Send(new UpdateEntry(_object.Id, key, addValue, function))).Value!;
    }

    /// <summary>Whether the key is present.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool ContainsKey(TKey key) => (bool)_object.Call(HasKey, [key])!;

    /// <summary>Whether the entry is present.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Contains(KeyValuePair<TKey, TValue> item) => (bool)_object.Call(HasPair, [item])!;

    /// <summary>Removes the key; false when it was absent.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Remove(TKey key) => (bool)_object.Call(RemoveKey, [key])!;

    /// <summary>Removes the entry; false when it was absent.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Remove(KeyValuePair<TKey, TValue> item) => (bool)_object.Call(RemovePair, [item])!;

    /// <summary>Reads a key's value in one call.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        object?[] arguments = [key, null];
        var found = (bool)_object.Call(TryGet, arguments)!;
        value = found ? (TValue)arguments[1]! : default;
        return found;
    }

    /// <summary>Removes every entry.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Clear() => _object.Call(ClearAll, []);

    /// <summary>A local copy of the whole dictionary, taken at one instant (CPython's <c>d.copy()</c>).</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public Dictionary<TKey, TValue> Copy() => new(_object.Snapshot<KeyValuePair<TKey, TValue>>());

    /// <summary>Copies a snapshot of the entries into the array.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) => _object.Snapshot<KeyValuePair<TKey, TValue>>().CopyTo(array, arrayIndex);

    /// <summary>Enumerates a snapshot of the entries, taken when enumeration starts.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, TValue>>)_object.Snapshot<KeyValuePair<TKey, TValue>>()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The dictionary as CPython prints it, e.g. <c>{1: '1', '2': 2, 0.25: None}</c> (a snapshot).</summary>
    public override string ToString() =>
        $"{{{string.Join(", ", _object.Snapshot<KeyValuePair<TKey, TValue>>().Select(e => $"{PythonRepr.Of(e.Key)}: {PythonRepr.Of(e.Value)}"))}}}";
}
