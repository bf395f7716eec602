using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Managing;

namespace Actors.Multiprocessing;

/// <summary>
/// A connection to a <see cref="Manager"/> that serves on an address (<see cref="Manager.Connect"/>), from any
/// process: the objects its server registered, by name, as proxies whose calls travel over this connection.
/// Its proxies work in this process only; give other processes the address and the key instead.
/// </summary>
public sealed class RemoteManager : IDisposable
{
    private readonly RemoteLink _link;

    internal RemoteManager(RemoteLink link) => _link = link;

    /// <summary>The manager process's id.</summary>
    public int Pid => _link.ManagerPid;

    /// <summary>
    /// The object registered as <paramref name="name"/>, through a proxy of its kind: a
    /// <see cref="DictProxy{TKey, TValue}"/>, <see cref="ListProxy{T}"/>, <see cref="NamespaceProxy"/>, or an
    /// interface the object implements.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No object is registered under the name.</exception>
    /// <exception cref="InvalidCastException">The object is not what <typeparamref name="T"/> proxies.</exception>
    /// <exception cref="OwnerLostException">The connection to the manager broke, or was disposed.</exception>
    public T Get<T>(string name) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        var lookup = new ManagedRef(_link.Path, Pid, 0);
        var found = (ObjectFound)lookup.Send(new LookupObject(name));
        var held = TypeNames.Find(found.TypeName);
        return Proxies.Make<T>(new ManagedRef(_link.Path, Pid, found.Id), held, name);
    }

    /// <summary>Closes the connection; its proxies then throw <see cref="OwnerLostException"/>.</summary>
    public void Dispose() => _link.Dispose();
}
