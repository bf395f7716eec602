using System.Collections;
using System.Reflection;
using Actors.Multiprocessing.Internal.Managing;

namespace Actors.Multiprocessing;

/// <summary>
/// A list held by a <see cref="Manager"/> (CPython's <c>ListProxy</c>): every member is one call to the manager
/// process, where the one list lives; enumerating reads a snapshot taken at one instant.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ListProxy<T> : IList<T>, IManagerProxy
{
    private static readonly Type List = typeof(List<T>);
    private static readonly MethodInfo GetItem = List.GetProperty("Item")!.GetMethod!;
    private static readonly MethodInfo SetItem = List.GetProperty("Item")!.SetMethod!;
    private static readonly MethodInfo CountOf = List.GetProperty(nameof(List<T>.Count))!.GetMethod!;
    private static readonly MethodInfo AddOne = List.GetMethod(nameof(List<T>.Add))!;
    private static readonly MethodInfo AddMany = List.GetMethod(nameof(List<T>.AddRange))!;
    private static readonly MethodInfo InsertAt = List.GetMethod(nameof(List<T>.Insert))!;
    private static readonly MethodInfo IndexOfOne = List.GetMethod(nameof(List<T>.IndexOf), [typeof(T)])!;
    private static readonly MethodInfo HasOne = List.GetMethod(nameof(List<T>.Contains))!;
    private static readonly MethodInfo RemoveOne = List.GetMethod(nameof(List<T>.Remove))!;
    private static readonly MethodInfo RemoveAtIndex = List.GetMethod(nameof(List<T>.RemoveAt))!;
    private static readonly MethodInfo ClearAll = List.GetMethod(nameof(List<T>.Clear))!;
    private static readonly MethodInfo ReverseAll = List.GetMethod(nameof(List<T>.Reverse), Type.EmptyTypes)!;
    private static readonly MethodInfo SortAll = List.GetMethod(nameof(List<T>.Sort), Type.EmptyTypes)!;

    private readonly ManagedRef _object;

    internal ListProxy(ManagedRef managed) => _object = managed;

    /// <summary>The object in the manager.</summary>
    ManagedRef IManagerProxy.Object => _object;

    /// <summary>The element at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public T this[int index]
    {
        get => (T)_object.Call(GetItem, [index])!;
        set => _object.Call(SetItem, [index, value]);
    }

    /// <summary>The number of elements.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public int Count => (int)_object.Call(CountOf, [])!;

    /// <summary>False: a shared list is writable.</summary>
    public bool IsReadOnly => false;

    /// <summary>Appends an element (CPython's <c>append</c>).</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Add(T item) => _object.Call(AddOne, [item]);

    /// <summary>Appends elements in one call (CPython's <c>extend</c>).</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void AddRange(IEnumerable<T> items) => _object.Call(AddMany, [items.ToArray()]);

    /// <summary>Inserts an element at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Insert(int index, T item) => _object.Call(InsertAt, [index, item]);

    /// <summary>The index of the first equal element, or -1.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public int IndexOf(T item) => (int)_object.Call(IndexOfOne, [item])!;

    /// <summary>Whether an equal element is present.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Contains(T item) => (bool)_object.Call(HasOne, [item])!;

    /// <summary>Removes the first equal element; false when there was none.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public bool Remove(T item) => (bool)_object.Call(RemoveOne, [item])!;

    /// <summary>Removes the element at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void RemoveAt(int index) => _object.Call(RemoveAtIndex, [index]);

    /// <summary>Removes every element.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Clear() => _object.Call(ClearAll, []);

    /// <summary>Reverses the list in place, in the manager (CPython's <c>reverse</c>).</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Reverse() => _object.Call(ReverseAll, []);

    /// <summary>Sorts the list in place with the default comparer, in the manager (CPython's <c>sort</c>).</summary>
    /// <exception cref="InvalidOperationException">The elements cannot be compared.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Sort() => _object.Call(SortAll, []);

    /// <summary>A local copy of the whole list, taken at one instant (CPython's <c>l[:]</c>).</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public List<T> Copy() => [.. _object.Snapshot<T>()];

    /// <summary>Copies a snapshot of the elements into the array.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void CopyTo(T[] array, int arrayIndex) => _object.Snapshot<T>().CopyTo(array, arrayIndex);

    /// <summary>Enumerates a snapshot of the elements, taken when enumeration starts.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_object.Snapshot<T>()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The list as CPython prints it, e.g. <c>[3, 2, 1]</c> (a snapshot).</summary>
    public override string ToString() => $"[{string.Join(", ", Copy().Select(item => PythonRepr.Of(item)))}]";
}
