using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Managing;
using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Attaching a process's link to a manager when a request is lost (Akka.Remote delivers at most once; a CI run
/// once waited forever on a manager that never heard the only request): it is sent again, and a refusal ends it.
/// The managers here are actors of this process that lose or refuse requests on purpose. In the process
/// collection: the specs read the process's runtime twice, and a TestKit spec elsewhere swaps it for its own
/// system and then stops that system (a CI run once sent every request of one attach to a stopped system).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ManagerAttachSpecs
{
    [Fact]
    public async Task A_lost_attach_request_is_sent_again_and_the_link_attaches()
    {
        var manager = Runtime.Current.System.ActorOf(Props.Create(() => new Forgetful(1)));

        var link = ManagerLink.Of(manager.Path.ToStringWithAddress(Runtime.Current.Address), Environment.ProcessId);

        Assert.NotNull(link);
        Assert.Equal(2, await manager.Ask<int>("heard", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_refused_attach_fails_at_once_with_the_managers_reason()
    {
        var manager = Runtime.Current.System.ActorOf(Props.Create(() => new Forgetful(-1)));

        var refused = Assert.Throws<InvalidOperationException>(() => ManagerLink.Of(manager.Path.ToStringWithAddress(Runtime.Current.Address), Environment.ProcessId));

        Assert.Contains("no link today", refused.Message);
        Assert.Equal(1, await manager.Ask<int>("heard", TimeSpan.FromSeconds(30)));
    }

    /// <summary>A manager actor that loses or refuses attach requests; asked a string, it says how many it heard.</summary>
    private sealed class Forgetful : ReceiveActor
    {
        private int _heard;

        /// <summary>Drops the first <paramref name="lost"/> requests and serves the next; refuses every one when negative.</summary>
        public Forgetful(int lost)
        {
            Receive<AttachLink>(attach =>
            {
                if (++_heard <= lost)
                {
                    return;
                }

                if (lost < 0)
                {
                    Sender.Tell(new Status.Failure(new InvalidOperationException("no link today")));
                    return;
                }

                ManagerLink.Serve(attach.End, new ManagedObjects());
                Sender.Tell(new LinkAttached());
            });
            Receive<string>(_ => Sender.Tell(_heard));
        }
    }
}
