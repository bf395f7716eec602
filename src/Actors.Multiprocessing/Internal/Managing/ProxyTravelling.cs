using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A manager's proxy in transit (a surrogate in the transfer codec): what kind of proxy it is and which object
/// it reaches, as plain values, so any process makes the same proxy again, a custom object's generated type too.
/// </summary>
internal sealed record ProxyTravelling(string ProxyType, string Interface, string ManagerPath, int ManagerPid, long Id)
{
    public static ProxyTravelling Of(IManagerProxy proxy) =>
        new(
            MethodRef.QualifiedName(proxy is ObjectProxy ? typeof(ObjectProxy) : proxy.GetType()),
            proxy is ObjectProxy custom ? MethodRef.QualifiedName(custom.Interface) : "",
            proxy.Object.ManagerPath,
            proxy.Object.ManagerPid,
            proxy.Object.Id);

    public IManagerProxy Arrive()
    {
        var managed = new ManagedRef(ManagerPath, ManagerPid, Id);
        var type = TypeNames.Find(ProxyType);
        return type == typeof(ObjectProxy)
            ? (IManagerProxy)ObjectProxy.For(TypeNames.Find(Interface), managed)
            : (IManagerProxy)Activator.CreateInstance(
                type, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [managed], null)!;
    }
}
