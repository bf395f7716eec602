using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Managing;

namespace Actors.Multiprocessing;

/// <summary>
/// CPython's <c>multiprocessing.Manager()</c>: a process that holds shared objects (dictionaries, lists,
/// namespaces and objects of your own types) and runs every call on them, one at a time, for any process of
/// the family. Its factories return proxies that travel as Process arguments, Pool task arguments and queue
/// items, and reach the same object from every process.
/// </summary>
/// <remarks>
/// For a single value, a lock, an event or a queue, use <see cref="SharedValue{T}"/>, <see cref="ProcessLock"/>,
/// <see cref="ProcessEvent"/> and <see cref="ProcessQueue{T}"/>: they already travel everywhere in the family and
/// run at memory speed. A manager's objects live until it shuts down.
/// </remarks>
public sealed class Manager : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(200);
    private static int _managers;
    private readonly Process _process;
    private readonly string _path;

    /// <summary>Starts the manager process (as CPython's <c>Manager()</c> does) and waits until it serves.</summary>
    /// <exception cref="InvalidOperationException">The manager process exited before it served (its stderr says why).</exception>
    public Manager()
        : this(serving: null)
    {
    }

    /// <summary>
    /// Starts a manager that also serves processes outside the family on <paramref name="serveOn"/> (CPython's
    /// <c>BaseManager(address=..., authkey=...)</c> and <c>serve_forever</c>): they connect with
    /// <see cref="Connect"/> and the same key, and reach the objects registered with <see cref="Register"/>.
    /// </summary>
    /// <param name="serveOn">The address; port 0 lets the OS choose (read it from <see cref="Address"/>).</param>
    /// <param name="authKey">The secret a client must prove it knows before anything it sends is read.</param>
    /// <param name="certificate">
    /// A certificate with its private key that the manager and its clients share: connections then run in mutual
    /// TLS on it (each side accepts only a peer presenting the same certificate). Required beyond loopback.
    /// </param>
    /// <exception cref="ArgumentException">The address is not loopback and no certificate is given, the certificate has no private key, or the key is empty.</exception>
    /// <exception cref="InvalidOperationException">The manager process exited before it served (its stderr says why).</exception>
    public Manager(IPEndPoint serveOn, byte[] authKey, X509Certificate2? certificate = null)
        : this(serving: (Checked(serveOn, authKey, certificate), authKey, certificate is null ? null : ManagerTls.Export(certificate)))
    {
    }

    private Manager((IPEndPoint Address, byte[] Key, byte[]? Certificate)? serving)
    {
        using var ready = new ProcessQueue<string>();
        var (host, port, key, certificate) = (serving?.Address.Address.ToString(), serving?.Address.Port ?? 0, serving?.Key, serving?.Certificate);
        // The key and the certificate reach the manager process through its stdin, never its command line.
        _process = new Process(
            () => ManagerServer.Serve(ready, host, port, key, certificate), name: $"Manager-{Interlocked.Increment(ref _managers)}", daemon: true);
        _process.Start();
        _path = Next(ready);
        if (serving is { Address: var address })
        {
            Address = new IPEndPoint(address.Address, int.Parse(Next(ready), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Where processes outside the family connect (<see cref="Connect"/>); null for a family-only manager.</summary>
    public IPEndPoint? Address { get; }

    /// <summary>The manager process's id.</summary>
    public int Pid => _process.Pid!.Value;

    /// <summary>A new shared dictionary, CPython's <c>manager.dict()</c>.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public DictProxy<TKey, TValue> Dict<TKey, TValue>() where TKey : notnull => new(Create(typeof(Dictionary<TKey, TValue>)));

    /// <summary>A new shared list, CPython's <c>manager.list()</c>.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public ListProxy<T> List<T>() => new(Create(typeof(List<T>)));

    /// <summary>A new shared list holding <paramref name="items"/>, CPython's <c>manager.list(range(10))</c>.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public ListProxy<T> List<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = List<T>();
        list.AddRange(items);
        return list;
    }

    /// <summary>A new shared namespace of named values, CPython's <c>manager.Namespace()</c>.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public NamespaceProxy Namespace() => new(Create(typeof(Dictionary<string, object?>)));

    /// <summary>
    /// Creates an object of your own type in the manager (CPython's <c>BaseManager.register</c>) and returns a
    /// proxy that implements <typeparamref name="TInterface"/>: every call runs on the one instance in the
    /// manager process, and an exception comes back as its own type.
    /// </summary>
    /// <param name="factory">A constructor call, such as <c>() =&gt; new Counter(10)</c>; its arguments are evaluated here.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TInterface"/> is not an interface.</exception>
    /// <exception cref="TransferException">The factory is not a constructor call, or an argument cannot be transferred.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public TInterface Create<TInterface>(Expression<Func<TInterface>> factory) where TInterface : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!typeof(TInterface).IsInterface)
        {
            throw new ArgumentException(
                $"{TypeNames.Describe(typeof(TInterface))} is not an interface; a proxy implements an interface of the object, as in Create<ICounter>(() => new Counter()).",
                nameof(factory));
        }

        var (type, arguments) = ObjectFactory.Evaluate(factory);
        return ObjectProxy.For<TInterface>(Create(type, arguments));
    }

    /// <summary>Ends the manager process; its proxies then throw <see cref="OwnerLostException"/>. Idempotent.</summary>
    public void Shutdown()
    {
        if (_process.IsAlive)
        {
            _process.Terminate();
        }

        _process.Join();
        ManagerLink.Retire(_path);
    }

    /// <summary>Shuts the manager down (<see cref="Shutdown"/>).</summary>
    public void Dispose() => Shutdown();

    /// <summary>Shuts the manager down without blocking a thread while its process exits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process.IsAlive)
        {
            _process.Terminate();
        }

        await _process.JoinAsync().ConfigureAwait(false);
        ManagerLink.Retire(_path);
    }

    /// <summary>
    /// Names one of this manager's proxies for processes that connect from outside the family (CPython's
    /// <c>register('get_queue', callable=...)</c>): they get it with <see cref="RemoteManager.Get{T}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a proxy of this manager.</exception>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public void Register(string name, object proxy)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(proxy);
        var managed = Proxies.ObjectOf(proxy);
        if (managed.ManagerPath != _path)
        {
            throw new ArgumentException($"The proxy belongs to another manager (pid {managed.ManagerPid}); register it with that one.", nameof(proxy));
        }

        managed.Send(new RegisterObject(name, managed.Id));
    }

    /// <summary>
    /// Connects from any process, in the family or not, to a manager that serves on <paramref name="address"/>
    /// (CPython's <c>BaseManager(address=..., authkey=...).connect()</c>); with the manager's
    /// <paramref name="certificate"/> when it serves in TLS.
    /// </summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The manager refused the key or the certificate (or needs one), or did not prove it knows them.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">No manager serves at the address.</exception>
    public static RemoteManager Connect(IPEndPoint address, byte[] authKey, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(authKey);
        return new RemoteManager(RemoteLink.Connect(address, authKey, certificate));
    }

    private static IPEndPoint Checked(IPEndPoint serveOn, byte[] authKey, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(serveOn);
        ArgumentNullException.ThrowIfNull(authKey);
        if (certificate is null && !IPAddress.IsLoopback(serveOn.Address))
        {
            throw new ArgumentException(
                $"A manager serves beyond loopback ({serveOn.Address}) only in TLS: pass a certificate that its clients share, or serve on 127.0.0.1 or ::1.",
                nameof(serveOn));
        }

        if (certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The certificate has no private key; the manager needs one to serve in TLS.", nameof(certificate));
        }

        return authKey.Length > 0
            ? serveOn
            : throw new ArgumentException("The authkey is empty; give the manager a secret its clients must know.", nameof(authKey));
    }

    /// <summary>The next line the manager process reports, waiting while it lives.</summary>
    private string Next(ProcessQueue<string> ready)
    {
        while (_process.IsAlive)
        {
            try
            {
                return ready.Get(ReadyPoll);
            }
            catch (QueueEmptyException)
            {
                // Still starting: look again while it lives.
            }
        }

        throw new InvalidOperationException(
            $"The manager process {_process.Name} (pid {_process.Pid}) exited with code {_process.ExitCode} before it served; its stderr says why.");
    }

    private ManagedRef Create(Type type, object?[]? arguments = null) => ManagedRef.Create(_path, Pid, type, arguments ?? []);
}
