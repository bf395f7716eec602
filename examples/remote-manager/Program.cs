// Port of CPython's "using a remote manager" example: a server shares a queue on an address, one client
// puts into it and another gets from it; the clients are programs of their own, not children of the server.
//   dotnet run --project examples/remote-manager -- server --port 50000 --key abracadabra   (serves until stdin closes)
//   dotnet run --project examples/remote-manager -- put --port 50000 --key abracadabra hello
//   dotnet run --project examples/remote-manager -- get --port 50000 --key abracadabra       prints hello
using System.Net;
using System.Net.Sockets;
using System.Text;
using Actors.Multiprocessing;
using Examples.RemoteManager;

var port = int.Parse(Option("--port") ?? "50000");
var key = Encoding.UTF8.GetBytes(Option("--key") ?? "abracadabra");
var address = new IPEndPoint(IPAddress.Loopback, port);

try
{
    switch (args.FirstOrDefault())
    {
        case "server":
            Serve();
            return 0;
        case "put":
            using (var remote = Manager.Connect(address, key))
            {
                remote.Get<IJobQueue>("get_queue").Put(args[^1]);
            }

            return 0;
        case "get":
            using (var remote = Manager.Connect(address, key))
            {
                Console.WriteLine(remote.Get<IJobQueue>("get_queue").Get());
            }

            return 0;
        default:
            Console.Error.WriteLine("usage: server|put TEXT|get --port P --key K");
            return 2;
    }
}
catch (SocketException e)
{
    Console.Error.WriteLine($"No manager serves at {address}: {e.Message}");
    return 1;
}

void Serve()
{
    using var manager = new Manager(address, key);
    manager.Register("get_queue", manager.Create<IJobQueue>(() => new JobQueue()));
    Console.WriteLine($"serving on {manager.Address}");
    // serve_forever: until whoever started the server closes its stdin.
    Console.In.ReadToEnd();
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
