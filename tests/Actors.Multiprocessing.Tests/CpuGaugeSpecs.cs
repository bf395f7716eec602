using Actors.Multiprocessing.Internal.Os;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The gauge warm hosts consult before they boot: it judges only windows it has seen both ends of.</summary>
public sealed class CpuGaugeSpecs
{
    [Fact]
    public void The_first_look_and_a_look_within_50_ms_say_nothing_and_a_look_after_that_judges_the_window()
    {
        var gauge = new CpuGauge();

        var first = gauge.HadSpareCore();
        var soon = gauge.HadSpareCore();
        Thread.Sleep(200);
        var later = gauge.HadSpareCore();

        Assert.Null(first);
        Assert.Null(soon);
        Assert.NotNull(later);
    }
}
