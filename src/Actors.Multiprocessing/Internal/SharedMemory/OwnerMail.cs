using System.Threading.Channels;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// Carries what this process tells segment owners, in the order it was said. A segment this process created
/// has its owner here, told at once; another process's owner is told from a background task, because the
/// ActorSystem of a child starts beside its target and a finalizer must not wait for it.
/// </summary>
internal static class OwnerMail
{
    private static readonly Channel<(string Owner, object Message)> Outbox =
        Channel.CreateUnbounded<(string, object)>(new UnboundedChannelOptions { SingleReader = true });

    private static int _delivering;

    public static void Post(string segment, string owner, object message)
    {
        if (Segment.LocalOwner(segment) is { } local)
        {
            local.Tell(message);
            return;
        }

        Outbox.Writer.TryWrite((owner, message));
        if (Interlocked.Exchange(ref _delivering, 1) == 0)
        {
            _ = Task.Run(DeliverAsync);
        }
    }

    private static async Task DeliverAsync()
    {
        await foreach (var (owner, message) in Outbox.Reader.ReadAllAsync())
        {
            try
            {
                // A reference, not an ActorSelection: untrusted-mode drops selections from other systems.
                Runtime.Current.System.Provider.ResolveActorRef(owner).Tell(message);
            }
            catch (Exception e)
            {
                // The owner's family is gone or this process's ActorSystem failed: the file goes with its creator anyway.
                Console.Error.WriteLine($"Actors.Multiprocessing: could not tell {owner} about shared memory: {e.Message}");
            }
        }
    }
}
