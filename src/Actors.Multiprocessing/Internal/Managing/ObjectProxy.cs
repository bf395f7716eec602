using System.Reflection;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The proxy of an object of the user's own type in a manager: a <see cref="DispatchProxy"/> that implements the
/// user's interface, each call one request to the manager. Its generated type exists only in the process that
/// made it, so it travels as an <see cref="IManagerProxy"/> does (<see cref="ProxyTravelling"/>) and is made again.
/// </summary>
internal class ObjectProxy : DispatchProxy, IManagerProxy
{
    private ManagedRef _object = null!;
    private Type _interface = null!;

    internal static TInterface For<TInterface>(ManagedRef managed) where TInterface : class => (TInterface)For(typeof(TInterface), managed);

    internal static object For(Type interfaceType, ManagedRef managed)
    {
        var proxy = (ObjectProxy)Create(interfaceType, typeof(ObjectProxy));
        proxy._object = managed;
        proxy._interface = interfaceType;
        return proxy;
    }

    /// <summary>The object in the manager.</summary>
    public ManagedRef Object => _object;

    /// <summary>The interface the proxy implements.</summary>
    public Type Interface => _interface;

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            // ToString, Equals, GetHashCode of the proxy itself.
            return targetMethod.Invoke(this, args);
        }

        return _object.Call(targetMethod, args ?? []);
    }
}
