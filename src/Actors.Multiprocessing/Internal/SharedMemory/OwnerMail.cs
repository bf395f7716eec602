using System.Threading.Channels;
using Actors.Multiprocessing.Internal.Child;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// Carries what this process tells segment owners, in the order it was said. A segment this process created
/// has its owner here, told at once; another process's owner is told from a background task, because the
/// ActorSystem of a child starts beside its target and a finalizer must not wait for it. At exit the mail is
/// flushed (<see cref="FlushAtExit"/>): an owner that never heard that a handle arrived would keep its file
/// for the whole transfer hold.
/// </summary>
internal static class OwnerMail
{
    /// <summary>The name of the <see cref="Mailroom"/> in every system of a family, under /system.</summary>
    public const string MailroomName = "actors-multiprocessing-mail";

    private static readonly Channel<(string Owner, object Message)> Outbox =
        Channel.CreateUnbounded<(string, object)>(new UnboundedChannelOptions { SingleReader = true });

    // The systems told that a transfer arrived, to be asked for a flush at exit.
    private static readonly HashSet<Address> Told = [];
    private static int _delivering;
    private static int _undelivered;

    public static void Post(string segment, string owner, object message)
    {
        if (Segment.LocalOwner(segment) is { } local)
        {
            local.Tell(message);
            return;
        }

        // Flushed at exit, so that an owner hears of every transfer that arrived here.
        ExitRules.Install(ExitWork.Mail);
        if (Settles(message))
        {
            Interlocked.Increment(ref _undelivered);
        }

        Outbox.Writer.TryWrite((owner, message));
        if (Interlocked.Exchange(ref _delivering, 1) == 0)
        {
            _ = Task.Run(DeliverAsync);
        }
    }

    /// <summary>
    /// Waits, for at most <paramref name="bound"/>, until every transfer this process received was told to its
    /// owner and handled there (a round trip to the owner's <see cref="Mailroom"/> comes back after the messages
    /// sent before it). The rest needs no flush: an owner learns from the OS that a holder died. A child that
    /// received shared memory only in its target has nothing to flush (its launcher told the owners).
    /// </summary>
    public static void FlushAtExit(TimeSpan bound)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!SpinWait.SpinUntil(() => Volatile.Read(ref _undelivered) == 0, bound))
        {
            return;
        }

        List<Address> told;
        lock (Told)
        {
            told = [.. Told];
        }

        if (told.Count == 0)
        {
            return;
        }

        try
        {
            var system = Runtime.Current.System;
            var flushes = told.Select(address => system.Provider
                .ResolveActorRef(new RootActorPath(address) / "system" / MailroomName)
                .Ask<MailFlushed>(new FlushMail(), bound - System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            Task.WaitAll(flushes.ToArray<Task>());
        }
        catch (Exception e) when (e is AggregateException or ArgumentOutOfRangeException or AskTimeoutException)
        {
            // An owner's system is gone or does not answer in time: its files go with it anyway.
        }
    }

    private static async Task DeliverAsync()
    {
        await foreach (var (owner, message) in Outbox.Reader.ReadAllAsync())
        {
            try
            {
                // A reference, not an ActorSelection: untrusted-mode drops selections from other systems.
                var target = Runtime.Current.System.Provider.ResolveActorRef(owner);
                target.Tell(message);
                if (Settles(message))
                {
                    lock (Told)
                    {
                        Told.Add(target.Path.Address);
                    }
                }
            }
            catch (Exception e)
            {
                // The owner's family is gone or this process's ActorSystem failed: the file goes with its creator anyway.
                Console.Error.WriteLine($"Actors.Multiprocessing: could not tell {owner} about shared memory: {e.Message}");
            }
            finally
            {
                if (Settles(message))
                {
                    Interlocked.Decrement(ref _undelivered);
                }
            }
        }
    }

    /// <summary>Whether the message settles a transfer: its owner would otherwise keep the file for the transfer hold.</summary>
    private static bool Settles(object message) => message is SegmentHeld { Token: var token } && token != Guid.Empty;

    /// <summary>The actor of every family system that answers a flush: by then, it has handled what the asker told it before.</summary>
    internal sealed class Mailroom : ReceiveActor
    {
        public Mailroom() => Receive<FlushMail>(_ => Sender.Tell(new MailFlushed()));
    }
}
