using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// In a manager that serves on an address: accepts processes outside the family, checks their authkey
/// (<see cref="ManagerHandshake"/>, inside mutual TLS when it serves with a certificate) before it reads a request, then answers their requests, each connection
/// on a thread of its own, through the same <see cref="ManagedObjects"/> as the family's links.
/// </summary>
internal static class RemoteServer
{
    /// <summary>Starts listening and returns the port (the one asked for, or the one the OS chose for 0).</summary>
    public static int Start(IPEndPoint address, byte[] key, X509Certificate2? certificate, ManagedObjects objects)
    {
        var listener = new TcpListener(address);
        listener.Start();
        new Thread(() => AcceptForever(listener, key, certificate, objects)) { IsBackground = true, Name = "manager server" }.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AcceptForever(TcpListener listener, byte[] key, X509Certificate2? certificate, ManagedObjects objects)
    {
        while (true)
        {
            var client = listener.AcceptTcpClient();
            new Thread(() => Serve(client, key, certificate, objects)) { IsBackground = true, Name = "manager client" }.Start();
        }
    }

    private static void Serve(TcpClient client, byte[] key, X509Certificate2? certificate, ManagedObjects objects)
    {
        using (client)
        {
            try
            {
                client.ReceiveTimeout = (int)ManagerHandshake.Bound.TotalMilliseconds;
                using var stream = certificate is null ? client.GetStream() : ManagerTls.Accept(client.GetStream(), certificate);
                if (!ManagerHandshake.Accept(stream, key))
                {
                    return;
                }

                // A client may wait long between calls.
                client.ReceiveTimeout = 0;

                var codec = TransferCodec.Current;
                while (true)
                {
                    var frame = ManagerHandshake.ReadFrame(stream);
                    ManagerHandshake.WriteFrame(stream, Answer(codec, frame, objects));
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or SocketException or ObjectDisposedException or AuthenticationException)
            {
                // The client went away, sent what is not a frame, or failed TLS.
            }
        }
    }

    /// <summary>The answer's bytes; a request that cannot be read, or an answer that cannot be written, answers as a failure.</summary>
    private static byte[] Answer(TransferCodec codec, byte[] frame, ManagedObjects objects)
    {
        object answer;
        try
        {
            answer = objects.Handle(codec.Deserialize<object>(frame));
        }
        catch (Exception e)
        {
            answer = new CallFailed(RemoteError.From(e));
        }

        try
        {
            return codec.Serialize(answer);
        }
        catch (Exception e)
        {
            return codec.Serialize(new CallFailed(RemoteError.From(e)));
        }
    }
}
