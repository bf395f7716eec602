using Actors.Multiprocessing.Internal.Pooling;
using Xunit;
using WirePayload = Actors.Multiprocessing.Internal.Transfer.Payload;

namespace Actors.Multiprocessing.Tests;

/// <summary>The bytes of a pool's task batches and outcomes, written field by field instead of through Hyperion.</summary>
public sealed class PoolWireSpecs
{
    [Fact]
    public void A_task_batch_comes_back_whole_with_inline_and_spilled_payloads()
    {
        var batch = new TaskBatch(
            [new FunctionDef(3, new WirePayload(new byte[] { 1, 2, 3 }, null))],
            [new WorkItem(long.MaxValue, 3, new WirePayload(Array.Empty<byte>(), null)), new WorkItem(8, 3, new WirePayload(null, "/dev/shm/actors-mp-1-x"))],
            [1, 2]);

        var back = Assert.IsType<TaskBatch>(PoolWire.Read(PoolWire.TryWrite(batch)!));

        Assert.Equal(3, back.Functions.Single().Id);
        Assert.Equal([1, 2, 3], back.Functions.Single().Bytes.Inline!);
        Assert.Equal([long.MaxValue, 8], back.Tasks.Select(t => t.Id));
        Assert.Equal([3, 3], back.Tasks.Select(t => t.FunctionId));
        Assert.Empty(back.Tasks[0].Items.Inline!);
        Assert.Equal("/dev/shm/actors-mp-1-x", back.Tasks[1].Items.Path);
        Assert.Equal([1, 2], back.Forget);
    }

    [Fact]
    public void Outcomes_come_back_whole_and_a_batch_with_an_error_is_left_to_Hyperion()
    {
        var outcomes = new Outcomes(7, [new TaskOutcome(1, new WirePayload(new byte[] { 9 }, null), null, 1234), new TaskOutcome(2, null, null, 0)], Retiring: true);

        var back = Assert.IsType<Outcomes>(PoolWire.Read(PoolWire.TryWrite(outcomes)!));

        Assert.Equal((7, true), (back.WorkerId, back.Retiring));
        Assert.Equal([(1L, 1234L), (2L, 0L)], back.Items.Select(o => (o.Id, o.ElapsedTicks)));
        Assert.Equal([9], back.Items[0].Results!.Inline!);
        Assert.Null(back.Items[1].Results);
        var failed = outcomes with { Items = [new TaskOutcome(3, null, new Actors.Multiprocessing.Internal.Pooling.RemoteError("E", "m", "t", null), 0)] };
        Assert.Null(PoolWire.TryWrite(failed));
        Assert.Null(PoolWire.TryWrite(WorkerAck.Instance));
    }

    [Fact]
    public void Cut_padded_or_oversized_bytes_are_refused_not_read_past()
    {
        var bytes = PoolWire.TryWrite(new TaskBatch([], [new WorkItem(1, 1, new WirePayload(new byte[] { 1, 2, 3, 4 }, null))], []))!;
        var huge = (byte[])bytes.Clone();
        // The task count, right after the kind and an empty function list.
        BitConverter.GetBytes(int.MaxValue).CopyTo(huge, 5);

        Assert.Throws<InvalidDataException>(() => PoolWire.Read(bytes[..^3]));
        Assert.Throws<InvalidDataException>(() => PoolWire.Read([.. bytes, 0]));
        Assert.Throws<InvalidDataException>(() => PoolWire.Read(huge));
    }
}
