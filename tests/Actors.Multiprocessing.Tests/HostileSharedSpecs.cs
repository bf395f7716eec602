using System.Collections.Concurrent;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Shared-memory handles attacked as a hostile user would: disposed while other threads use them.</summary>
[Collection(ProcessCollection.Name)]
public sealed class HostileSharedSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lock_disposed_while_eight_threads_acquire_and_release_it_against_a_child_ends_every_call_with_ObjectDisposedException_and_never_crashes()
    {
        using var stop = new ProcessEvent();
        for (var round = 0; round < 20; round++)
        {
            var shared = new ProcessLock();
            var child = new Process(() => HostileWork.HammerLock(shared, stop));
            child.Start();
            var failures = new ConcurrentQueue<Exception>();
            var calls = 0;
            using var started = new CountdownEvent(8);
            var workers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                started.Signal();
                while (true)
                {
                    try
                    {
                        using var cancel = new CancellationTokenSource(i % 3);
                        var got = i % 2 == 0
                            ? await shared.AcquireAsync(TimeSpan.FromMilliseconds(5), cancel.Token)
                            : shared.Acquire(TimeSpan.FromMilliseconds(5));
                        if (got)
                        {
                            shared.Release();
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e);
                        return;
                    }

                    Interlocked.Increment(ref calls);
                }
            })).ToArray();
            Assert.True(started.Wait(Generous));
            SpinWait.SpinUntil(() => Volatile.Read(ref calls) > 50 * (round % 4), Generous);

            shared.Dispose();

            var all = Task.WhenAll(workers);
            Assert.Same(all, await Task.WhenAny(all, Task.Delay(Generous)));
            Assert.Empty(failures);
            stop.Set();
            Assert.True(child.Join(Generous));
            stop.Clear();
        }
    }

    [Fact]
    public async Task Values_arrays_and_every_primitive_disposed_while_threads_use_them_end_every_call_with_ObjectDisposedException_and_never_crash()
    {
        for (var round = 0; round < 20; round++)
        {
            var value = new SharedValue<long>(0);
            var array = new SharedArray<int>(64);
            var flag = new ProcessEvent();
            var permits = new ProcessSemaphore(1);
            var reentrant = new ProcessRLock();
            var barrier = new ProcessBarrier(1);
            var condition = new ProcessCondition();
            Action[] uses =
            [
                () => value.Value++,
                () => array[round % 64] = array.ToArray().Length,
                () => { flag.Set(); _ = flag.IsSet; flag.Clear(); },
                () => { if (permits.Acquire(TimeSpan.Zero)) { permits.Release(); } _ = permits.Value; },
                () => { if (reentrant.Acquire(TimeSpan.FromMilliseconds(1))) { reentrant.Acquire(); reentrant.Release(); reentrant.Release(); } },
                () => { barrier.Wait(); _ = barrier.NWaiting + (barrier.IsBroken ? 1 : 0); },
                () => { using (condition.Lock.Hold()) { condition.NotifyAll(); condition.Wait(TimeSpan.Zero); } },
            ];
            var failures = new ConcurrentQueue<Exception>();
            var calls = 0;
            var workers = Enumerable.Range(0, 14).Select(i => Task.Run(() =>
            {
                while (true)
                {
                    try
                    {
                        uses[i % uses.Length]();
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e);
                        return;
                    }

                    Interlocked.Increment(ref calls);
                }
            })).ToArray();
            SpinWait.SpinUntil(() => Volatile.Read(ref calls) > 100 * (round % 4), Generous);

            value.Dispose();
            array.Dispose();
            flag.Dispose();
            permits.Dispose();
            reentrant.Dispose();
            barrier.Dispose();
            condition.Dispose();

            var all = Task.WhenAll(workers);
            Assert.Same(all, await Task.WhenAny(all, Task.Delay(Generous)));
            Assert.Empty(failures);
        }
    }
}
