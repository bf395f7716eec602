using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>What cannot reach a child fails in Start, in the parent, naming the part at fault.</summary>
[Collection(ProcessCollection.Name)]
public sealed class TransferSpecs
{
    [Fact]
    public void A_lambda_body_that_is_not_a_call_fails_at_Start()
    {
        var p = new Process(() => new object());

        var e = Assert.Throws<TransferException>(p.Start);

        Assert.Equal("The target", e.Part);
        Assert.Contains("not a single method call", e.Message);
        Assert.Null(p.Pid);
    }

    [Fact]
    public void A_delegate_argument_fails_at_Start_naming_the_argument()
    {
        Func<int> callback = () => 1;
        var p = new Process(() => Work.Invoke(callback));

        var e = Assert.Throws<TransferException>(p.Start);

        Assert.Equal("Argument 'callback' (#0) of Work.Invoke", e.Part);
        Assert.Null(p.Pid);
    }

    [Fact]
    public void A_stream_argument_fails_at_Start_naming_the_argument()
    {
        using var stream = new MemoryStream();
        var p = new Process(() => Work.Read(stream));

        var e = Assert.Throws<TransferException>(p.Start);

        Assert.Equal("Argument 'stream' (#0) of Work.Read", e.Part);
        Assert.Contains(": MemoryStream cannot live in another process (a stream wraps a handle of this process; pass the bytes or a path).", e.Message);
    }

    [Fact]
    public void A_type_on_Hyperions_unsafe_list_is_refused_at_Start()
    {
        var file = new FileInfo(Path.GetTempFileName());
        var p = new Process(() => Work.Describe(file));

        var e = Assert.Throws<TransferException>(p.Start);

        Assert.Equal("Argument 'file' (#0) of Work.Describe", e.Part);
        Assert.Contains("FileInfo is or holds a type on Hyperion's deny-list", e.Message);
        Assert.Contains("actors.multiprocessing.transfer.disallow-unsafe-types = off", e.Message);
        file.Delete();
    }

    [Fact]
    public void An_argument_whose_evaluation_throws_fails_at_Start_naming_it()
    {
        int[] empty = [];
        var p = new Process(() => Work.ExitWith(empty[3]));

        var e = Assert.Throws<TransferException>(p.Start);

        Assert.Equal("Argument 'code' (#0) of Work.ExitWith", e.Part);
        Assert.IsType<IndexOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public void A_failed_Start_leaves_the_process_unstarted_so_it_can_start_later()
    {
        int[] values = [];
        var p = new Process(() => Work.ExitWith(values[0]));
        Assert.Throws<TransferException>(p.Start);

        values = [5];
        p.Start();

        Assert.True(p.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(5, p.ExitCode);
    }
}
