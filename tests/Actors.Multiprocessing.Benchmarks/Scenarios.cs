using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Actors.Multiprocessing;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>The scenarios, named and measured as in the CPython reference script.</summary>
internal static class Scenarios
{
    private const int Processes = 20;
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the family runs mutual TLS (the default; --no-tls turns it off for comparison).</summary>
    public static bool Tls { get; set; } = true;

    public static IReadOnlyDictionary<string, Action> All { get; } = new Dictionary<string, Action>
    {
        ["process_start_join"] = ProcessStartJoin,
        ["child_start_to_target"] = ChildStartToTarget,
        ["remote_round_trip"] = () => RemoteRoundTrip.Run(Tls, (scenario, value, unit) => Emit(scenario, value, unit)),
    };

    /// <summary>Start and join 20 no-op children in a row: milliseconds per process.</summary>
    private static void ProcessStartJoin()
    {
        Warm();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Processes; i++)
        {
            var p = new Process(() => Targets.Noop());
            p.Start();
            p.Join();
        }

        Emit("process_start_join", watch.Elapsed.TotalMilliseconds / Processes, "ms/process");
    }

    /// <summary>From Start() to the first line of the target, one child at a time: the median of 20.</summary>
    private static void ChildStartToTarget()
    {
        Warm();
        var samples = new List<double>();
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var p = new Process(() => Targets.ReportArrival(started));
                p.Start();
                p.Join();
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        foreach (var line in captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            samples.Add(double.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        }

        samples.Sort();
        Emit("child_start_to_target", samples[samples.Count / 2], "ms", min: samples[0], max: samples[^1]);
    }

    /// <summary>One child first, so that the parent's own ActorSystem start is not counted.</summary>
    private static void Warm()
    {
        var p = new Process(() => Targets.Noop());
        p.Start();
        p.Join();
    }

    private static void Emit(string scenario, double value, string unit, double? min = null, double? max = null)
    {
        var line = new Dictionary<string, object> { ["scenario"] = scenario, ["value"] = Math.Round(value, 3), ["unit"] = unit, ["tls"] = Tls };
        if (min is { } low && max is { } high)
        {
            line["min"] = Math.Round(low, 3);
            line["max"] = Math.Round(high, 3);
        }

        Console.WriteLine(JsonSerializer.Serialize(line, JsonOptions));
    }
}
