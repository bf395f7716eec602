using System.Diagnostics;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// How a child is launched. The child runs the parent's own application again (same entry assembly, same
/// .deps.json and .runtimeconfig.json, through <c>dotnet exec</c>, the way the test platform starts its
/// testhost) with <c>DOTNET_STARTUP_HOOKS</c> naming this library. The runtime runs the hook
/// (<see cref="global::StartupHook"/>) before the entry point: the hook becomes the child host and exits when
/// the target ends, so the user's Main never runs again and needs no <c>if __name__ == "__main__"</c> guard.
/// Chosen over a separate host executable because it needs nothing but the app itself: it works the same
/// under <c>dotnet run</c>, a published framework-dependent app and the xunit testhost, whose dependency
/// graph already holds every assembly a target can name.
/// </summary>
internal sealed class ChildCommand
{
    /// <summary>Set in a child's environment: this process is a child host, not a new run of the app.</summary>
    public const string ChildVariable = "ACTORS_MULTIPROCESSING_CHILD";

    private const string HooksVariable = "DOTNET_STARTUP_HOOKS";

    private static readonly Lazy<ChildCommand> Lazy = new(Discover);

    private ChildCommand(string fileName, IReadOnlyList<string> arguments, string hook)
    {
        FileName = fileName;
        Arguments = arguments;
        Hook = hook;
    }

    /// <summary>The command that starts a child of this process.</summary>
    /// <exception cref="NotSupportedException">The app is single-file, trimmed or AOT, which cannot host children.</exception>
    public static ChildCommand Current => Lazy.Value;

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    public string Hook { get; }

    public ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(FileName, Arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment[ChildVariable] = "1";
        var hooks = info.Environment.TryGetValue(HooksVariable, out var existing) && !string.IsNullOrEmpty(existing)
            ? existing + Path.PathSeparator + Hook
            : Hook;
        info.Environment[HooksVariable] = hooks;
        return info;
    }

    /// <summary>Undoes <see cref="StartInfo"/>'s variables in a child, so that what it launches is not a child host.</summary>
    public static void ForgetChildEnvironment()
    {
        Environment.SetEnvironmentVariable(ChildVariable, null);
        var hook = typeof(ChildCommand).Assembly.Location;
        var others = (Environment.GetEnvironmentVariable(HooksVariable) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => !string.Equals(entry, hook, StringComparison.Ordinal));
        var rest = string.Join(Path.PathSeparator, others);
        Environment.SetEnvironmentVariable(HooksVariable, rest.Length == 0 ? null : rest);
    }

    private static ChildCommand Discover()
    {
        var hook = typeof(ChildCommand).Assembly.Location;
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(hook) || string.IsNullOrEmpty(entry) || !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new NotSupportedException(
                "Child processes need the app's assemblies as files and startup hooks (DOTNET_STARTUP_HOOKS): " +
                "publish framework-dependent, not single-file, trimmed or native AOT.");
        }

        var arguments = new List<string> { "exec" };
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?
            .Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (deps is not null)
        {
            arguments.AddRange(["--depsfile", deps]);
        }

        var runtimeConfig = RuntimeConfigBeside(deps ?? entry);
        if (runtimeConfig is not null)
        {
            arguments.AddRange(["--runtimeconfig", runtimeConfig]);
        }

        foreach (var probe in (AppContext.GetData("PROBING_DIRECTORIES") as string ?? "")
                     .Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            arguments.AddRange(["--additionalprobingpath", probe]);
        }

        arguments.Add(entry);
        return new ChildCommand(Muxer(), arguments, hook);
    }

    private static string? RuntimeConfigBeside(string path)
    {
        var stem = path.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)
            ? path[..^".deps.json".Length]
            : Path.ChangeExtension(path, null);
        var candidate = stem + ".runtimeconfig.json";
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>The <c>dotnet</c> host that runs this process: the process itself, or the root above the runtime.</summary>
    private static string Muxer()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } path && Path.GetFileName(path) == name)
        {
            return path;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the runtime; <root>/dotnet is the host.
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var muxer = Path.Combine(root, name);
        return File.Exists(muxer) ? muxer : name;
    }
}
