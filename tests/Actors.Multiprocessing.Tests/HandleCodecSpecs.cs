using Actors.Multiprocessing.Internal.Transfer;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The library's handles travel in targets without Hyperion (a child then never loads it for them).</summary>
[Collection(ProcessCollection.Name)]
public sealed class HandleCodecSpecs
{
    [Fact]
    public void Every_handle_of_the_library_is_written_without_Hyperion()
    {
        var (a, b) = Pipe.Create<int>();
        using var queue = new ProcessQueue<int>(maxSize: 3);
        using var joinable = new JoinableQueue<string>();
        using var simple = new SimpleQueue<byte[]>();
        using var value = new SharedValue<long>(5);
        using var raw = new SharedValue<int>(1, withLock: false);
        using var array = new SharedArray<double>(4);
        using var l = new ProcessLock();
        using var r = new ProcessRLock();
        using var s = new ProcessSemaphore(2);
        using var bs = new ProcessBoundedSemaphore(2);
        using var e = new ProcessEvent();
        using var c = new ProcessCondition();
        using var barrier = new ProcessBarrier(2);
        object[] handles = [a, b, queue, joinable, simple, value, raw, array, l, r, s, bs, e, c, barrier];

        var refused = handles.Where(h => !HandleCodec.CanWrite(h)).Select(h => h.GetType().Name).ToList();

        Assert.Empty(refused);
        a.Close();
        b.Close();
    }
}
