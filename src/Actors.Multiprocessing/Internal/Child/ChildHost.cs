using System.Runtime.ExceptionServices;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The child side of <see cref="Process.Start"/>, entered from <see cref="global::StartupHook"/> before the
/// app's Main. Reads the prelude from stdin and prepares: the settings are adopted and, in a warm host, the
/// path a target takes is compiled while it waits (<see cref="TargetCodec.Prime"/>). Then it reads the
/// bootstrap (at once for a cold start; whenever the parent hands this warm host a target), runs the target on this (the main) thread, and exits with CPython's exit codes:
/// 0 when the target returns, 1 when it throws (after printing the exception to stderr), n for
/// Environment.Exit(n). Its ActorSystem starts on loopback, and reports to its supervisor, when the child
/// first needs an actor (<see cref="Runtime.Current"/>): a child that only computes, or only uses the queues,
/// pipes and shared memory it was given (shared memory, no actor), never pays for one.
/// </summary>
internal static class ChildHost
{
    /// <summary>How long a child waits for its supervisor to answer that its ActorSystem is up.</summary>
    private static readonly TimeSpan ReadyAnswer = TimeSpan.FromSeconds(10);

    public static bool IsChildLaunch => Environment.GetEnvironmentVariable(ChildCommand.ChildVariable) == "1";

    /// <summary>Whether this process is a child host (its launch variables are forgotten once it starts).</summary>
    public static bool IsChild { get; private set; }

    /// <summary>The path of this child's supervisor in its parent, once the bootstrap named it.</summary>
    public static string? SupervisorPath { get; private set; }

    public static void Run()
    {
        IsChild = true;
        ChildCommand.ForgetChildEnvironment();
        var control = Console.OpenStandardInput();
        // CPython gives a child /dev/null as stdin; this child's stdin belongs to the parent watch.
        Console.SetIn(TextReader.Null);
        ChildBootstrap bootstrap;
        ExceptionDispatchInfo? unprepared;
        try
        {
            unprepared = Prepare(ChildPrelude.ReadFrom(control));
            bootstrap = ChildBootstrap.ReadFrom(control);
        }
        catch (EndOfStreamException)
        {
            // The parent died (or dropped this warm host) before it gave a target.
            Environment.Exit(1);
            return;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine(e.Message);
            Environment.Exit(1);
            return;
        }

        SupervisorPath = bootstrap.SupervisorPath;
        ParentWatch.Start(control);
        Process.InstallChild(bootstrap);
        var code = RunTarget(bootstrap, unprepared);
        Console.Out.Flush();
        Console.Error.Flush();
        Environment.Exit(code);
    }

    /// <summary>Configures the runtime and warms the deserializer; returns what went wrong, to report once there is a name.</summary>
    private static ExceptionDispatchInfo? Prepare(ChildPrelude prelude)
    {
        try
        {
            var (settings, userConfig) = (prelude.Settings, prelude.UserConfig);
            if (prelude.FamilyPkcs12.Length == 0)
            {
                // The parent runs without TLS, so must its children (in HOCON the later value wins).
                (settings, userConfig) = (settings with { Tls = false }, userConfig + "\nactors.multiprocessing.tls = off");
            }
            else
            {
                FamilyCertificate.Use(prelude.FamilyPkcs12);
            }

            Runtime.ConfigureChild(userConfig, settings);
            ExitRules.Install();
            if (prelude.Waits)
            {
                // What every target run takes, done while the host waits: the target path and the console.
                TargetCodec.Prime();
                _ = Console.Out;
            }
            return null;
        }
        catch (Exception e)
        {
            return ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>
    /// In a child, tells its supervisor that <paramref name="runtime"/>'s ActorSystem is up, and waits for its
    /// answer (<see cref="ReadyAnswer"/> at most): the connection to the parent is then up, and the parent reaches
    /// whatever the child announces afterwards (an actor's path put in a queue) over it. Without the wait the
    /// parent could connect to the child while the child connected to it; Akka.Remote keeps one association per
    /// pair of systems and dropped what was sent on the other (a manager's first AttachLink was lost in about
    /// half of the manager starts here, and the link attached on its retry 5 s later).
    /// </summary>
    public static void ReportReady(Runtime runtime)
    {
        if (SupervisorPath is { } supervisor)
        {
            // A reference, not an ActorSelection: untrusted-mode drops selections from other systems.
            var answered = runtime.System.Provider.ResolveActorRef(supervisor).Ask<ChildReady>(new ChildReady(Environment.ProcessId), ReadyAnswer);
            try
            {
                // Called under Runtime.Current's lock: nothing the parent sends before this answer needs the runtime
                // to be read (the parent learns this system's address from this message).
                answered.Wait();
            }
            catch (AggregateException)
            {
                // No answer in time: the child goes on; its messages are as likely to arrive as before.
            }
        }
    }

    private static int RunTarget(ChildBootstrap bootstrap, ExceptionDispatchInfo? unprepared)
    {
        try
        {
            // Rethrown with the stack of where preparing failed, not of here.
            unprepared?.Throw();

            var call = TargetCodec.Decode(bootstrap.Target);
            call.InvokeAsync().GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e)
        {
            // CPython prints "Process <name>:" and the traceback; the exception's ToString has type, message and stack.
            Console.Error.WriteLine($"Process {bootstrap.Name}:");
            Console.Error.WriteLine(ChildTraceback.Of(e));
            return 1;
        }
    }
}
