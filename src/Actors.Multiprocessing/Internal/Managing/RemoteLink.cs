using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A connection from a process outside the family to a manager serving on an address: in mutual TLS when given
/// the manager's certificate (<see cref="ManagerTls"/>), authenticated with the authkey (<see cref="ManagerHandshake"/>), then one request and one answer at a time over TCP. The proxies it
/// hands out name it by <see cref="Path"/>, which is how <see cref="ManagedRef"/> finds it.
/// </summary>
internal sealed class RemoteLink : IManagerLink, IDisposable
{
    private static readonly ConcurrentDictionary<string, RemoteLink> Open = new();
    private readonly object _gate = new();
    private readonly TcpClient _client;
    private readonly Stream _stream;

    private RemoteLink(TcpClient client, Stream stream, string path, int managerPid)
    {
        _client = client;
        _stream = stream;
        Path = path;
        ManagerPid = managerPid;
    }

    public string Path { get; }

    public int ManagerPid { get; }

    public static bool Names(string managerPath) => managerPath.StartsWith("tcp://", StringComparison.Ordinal);

    /// <exception cref="OwnerLostException">This process holds no open connection to that manager.</exception>
    public static RemoteLink Of(string managerPath) =>
        Open.TryGetValue(managerPath, out var link)
            ? link
            : throw new OwnerLostException(0, $"The connection to the manager at {managerPath[6..]} was closed; connect again with Manager.Connect.");

    /// <exception cref="System.Security.Authentication.AuthenticationException">The manager refused the key, or does not know it.</exception>
    /// <exception cref="SocketException">Nothing serves at the address.</exception>
    public static RemoteLink Connect(IPEndPoint address, byte[] key, X509Certificate2? certificate)
    {
        var client = new TcpClient(address.AddressFamily) { NoDelay = true };
        try
        {
            client.Connect(address);
            client.ReceiveTimeout = (int)ManagerHandshake.Bound.TotalMilliseconds;
            var stream = certificate is null ? client.GetStream() : ManagerTls.Connect(client.GetStream(), certificate);
            var pid = ManagerHandshake.Connect(stream, key, address.ToString());
            // Calls then wait as long as the manager takes; a manager that dies ends the connection.
            client.ReceiveTimeout = 0;
            var link = new RemoteLink(client, stream, $"tcp://{address}/{Guid.NewGuid():N}", pid);
            Open[link.Path] = link;
            return link;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            client.Dispose();
            throw new System.Security.Authentication.AuthenticationException(
                $"The manager at {address} ended the connection during the handshake: it serves in TLS and needs its certificate" +
                (certificate is null ? " (none was given)" : ", and refused this one") + ", or it is not a manager.",
                e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <exception cref="OwnerLostException">The connection to the manager broke.</exception>
    public object Request(object request)
    {
        var codec = TransferCodec.Current;
        var frame = codec.Serialize(request);
        lock (_gate)
        {
            try
            {
                ManagerHandshake.WriteFrame(_stream, frame);
                return codec.Deserialize<object>(ManagerHandshake.ReadFrame(_stream));
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or InvalidDataException)
            {
                throw new OwnerLostException(
                    ManagerPid, $"The connection to the manager at {Path[6..Path.LastIndexOf('/')]} (pid {ManagerPid}) broke: {e.Message} Connect again with Manager.Connect.");
            }
        }
    }

    public void Dispose()
    {
        Open.TryRemove(Path, out _);
        _client.Dispose();
    }
}
