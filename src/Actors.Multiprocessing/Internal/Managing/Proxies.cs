namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>The proxy kinds a manager hands out, for registering one by name and making one from a name.</summary>
internal static class Proxies
{
    /// <exception cref="ArgumentException">The value is not a proxy of a manager.</exception>
    public static ManagedRef ObjectOf(object proxy) =>
        proxy is IManagerProxy managed
            ? managed.Object
            : throw new ArgumentException(
                $"{TypeNames.Describe(proxy.GetType())} is not a manager's proxy; register what Dict, List, Namespace or Create returned.", nameof(proxy));

    /// <summary>A proxy of type <typeparamref name="T"/> for an object of the manager's type <paramref name="held"/>.</summary>
    /// <exception cref="InvalidCastException">The object is not what <typeparamref name="T"/> proxies.</exception>
    public static T Make<T>(ManagedRef managed, Type held, string name) where T : class
    {
        var wanted = typeof(T);
        object? proxy = wanted switch
        {
            { IsInterface: true } when wanted.IsAssignableFrom(held) => ObjectProxy.For<T>(managed),
            _ when wanted == typeof(NamespaceProxy) && held == typeof(Dictionary<string, object?>) => new NamespaceProxy(managed),
            { IsGenericType: true } when wanted.GetGenericTypeDefinition() == typeof(DictProxy<,>)
                && held == typeof(Dictionary<,>).MakeGenericType(wanted.GetGenericArguments()) => Construct(wanted, managed),
            { IsGenericType: true } when wanted.GetGenericTypeDefinition() == typeof(ListProxy<>)
                && held == typeof(List<>).MakeGenericType(wanted.GetGenericArguments()) => Construct(wanted, managed),
            _ => null,
        };
        return (T?)proxy ?? throw new InvalidCastException(
            $"The object registered as '{name}' is a {TypeNames.Describe(held)}, which a {TypeNames.Describe(wanted)} cannot stand for; ask for the proxy of its kind.");
    }

    private static object Construct(Type proxy, ManagedRef managed) =>
        Activator.CreateInstance(proxy, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [managed], null)!;
}
