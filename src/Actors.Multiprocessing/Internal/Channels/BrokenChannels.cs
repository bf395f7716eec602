using System.Collections.Concurrent;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// The channels this process knows to have their reading end closed, so that a Send to them throws (CPython's
/// BrokenPipeError) instead of dropping the message. An owner in this process marks its channel at once; a
/// process that sent to a channel owned elsewhere is told by the owner (<see cref="ReaderClosed"/>), through
/// the one notice actor of this process that it names as the sender of its pushes.
/// </summary>
internal static class BrokenChannels
{
    private static readonly ConcurrentDictionary<string, bool> Closed = new();
    private static readonly object Gate = new();
    private static volatile NoticeBoard? _notices;

    /// <summary>Checked on every Send: costs nothing while no channel of this process's knowledge is closed.</summary>
    public static bool IsBroken(IActorRef channel) => !Closed.IsEmpty && Closed.ContainsKey(Key(channel));

    public static void MarkBroken(IActorRef channel) => Closed.TryAdd(Key(channel), true);

    /// <summary>The actor of this process that hears <see cref="ReaderClosed"/>; pushes name it as their sender.</summary>
    /// <remarks>Named on every push, so the lock is taken only when the runtime's system changed.</remarks>
    public static IActorRef Notices()
    {
        if (_notices is { System.WhenTerminated.IsCompleted: false } board)
        {
            return board.Notices;
        }

        lock (Gate)
        {
            var system = Runtime.Current.System;
            if (_notices is not { } current || current.System != system)
            {
                current = new NoticeBoard(system, system.ActorOf(Props.Create(() => new NoticeActor())));
                _notices = current;
            }

            return current.Notices;
        }
    }

    /// <summary>A channel's path with its system's address: the same string in every process of the family.</summary>
    private static string Key(IActorRef channel) =>
        channel.Path.Address.HasGlobalScope ? channel.Path.ToString() : channel.Path.ToStringWithAddress(Runtime.Current.Address);

    private sealed record NoticeBoard(ActorSystem System, IActorRef Notices);

    private sealed class NoticeActor : ReceiveActor
    {
        public NoticeActor() => Receive<ReaderClosed>(closed => MarkBroken(closed.Channel));
    }
}
