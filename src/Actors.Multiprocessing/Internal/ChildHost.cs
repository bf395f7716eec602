using Akka.Actor;
using Akka.Configuration;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The child side of <see cref="Process.Start"/>, entered from <see cref="global::StartupHook"/> before the
/// app's Main: reads the bootstrap (with the target) from stdin, runs the target on this (the main) thread
/// while its ActorSystem starts on loopback and reports to its supervisor in the parent, and exits with CPython's exit codes: 0 when the
/// target returns, 1 when it throws (after printing the exception to stderr), n for Environment.Exit(n).
/// </summary>
internal static class ChildHost
{
    public static bool IsChildLaunch => Environment.GetEnvironmentVariable(ChildCommand.ChildVariable) == "1";

    public static void Run()
    {
        ChildCommand.ForgetChildEnvironment();
        var control = Console.OpenStandardInput();
        // CPython gives a child /dev/null as stdin; this child's stdin belongs to the parent watch.
        Console.SetIn(TextReader.Null);
        ChildBootstrap bootstrap;
        try
        {
            bootstrap = ChildBootstrap.ReadFrom(control);
        }
        catch (EndOfStreamException)
        {
            // The parent died before it could say anything.
            Environment.Exit(1);
            return;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine(e.Message);
            Environment.Exit(1);
            return;
        }

        ParentWatch.Start(control);
        Process.InstallChild(bootstrap);
        ExitRules.Install();
        var code = RunTarget(bootstrap);
        Console.Out.Flush();
        Console.Error.Flush();
        Environment.Exit(code);
    }

    /// <summary>Starts this child's ActorSystem (if the target has not) and tells the supervisor the host is up.</summary>
    private static void ReportReady(ChildBootstrap bootstrap)
    {
        try
        {
            // A reference, not an ActorSelection: untrusted-mode drops selections from other systems.
            Runtime.Current.System.Provider.ResolveActorRef(bootstrap.SupervisorPath).Tell(new ChildReady(Environment.ProcessId));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Process {bootstrap.Name}: its ActorSystem did not start: {e}");
        }
    }

    private static int RunTarget(ChildBootstrap bootstrap)
    {
        try
        {
            var userConfig = ConfigurationFactory.ParseString(bootstrap.UserConfig);
            if (bootstrap.FamilyPkcs12.Length == 0)
            {
                // The parent runs without TLS, so must its children.
                userConfig = ConfigurationFactory.ParseString("actors.multiprocessing.tls = off").WithFallback(userConfig);
            }
            else
            {
                FamilyCertificate.Inherit(bootstrap.FamilyPkcs12);
            }

            // The ActorSystem starts on first use: while the target is read if it holds actor references,
            // else beside the target, which does not wait for it.
            Runtime.Configure(userConfig);
            var call = TargetSerializer.Deserialize<TargetCall>(bootstrap.Target);
            _ = Task.Run(() => ReportReady(bootstrap));
            call.InvokeAsync().GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e)
        {
            // CPython prints "Process <name>:" and the traceback; the exception's ToString has type, message and stack.
            Console.Error.WriteLine($"Process {bootstrap.Name}:");
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
