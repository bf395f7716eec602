using System.Reflection;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// What a child process runs: one method call whose instance and arguments were evaluated in the parent.
/// It travels as bytes (see <see cref="TransferCodec"/>) inside the child's <see cref="Child.ChildBootstrap"/>.
/// </summary>
internal sealed class TargetCall
{
    public TargetCall(MethodRef method, object? instance, object?[] arguments)
    {
        Method = method;
        Instance = instance;
        Arguments = arguments;
    }

    public MethodRef Method { get; }

    public object? Instance { get; }

    public object?[] Arguments { get; }

    /// <summary>The instance (when there is one) and the arguments, each with the name error messages give it.</summary>
    public IEnumerable<(string Part, object? Value)> Parts()
    {
        if (Instance is not null)
        {
            yield return (InstancePart(Method), Instance);
        }

        var parameters = Method.Resolve().GetParameters();
        for (var i = 0; i < Arguments.Length; i++)
        {
            yield return (ArgumentPart(Method, parameters[i]), Arguments[i]);
        }
    }

    public static string InstancePart(MethodRef method) => $"The instance of {method}";

    public static string ArgumentPart(MethodRef method, ParameterInfo parameter) =>
        $"Argument '{parameter.Name}' (#{parameter.Position}) of {method}";

    /// <summary>Runs the call; an async target (one that returns a Task) is awaited.</summary>
    public async Task InvokeAsync()
    {
        var result = Method.Resolve().Invoke(Instance, BindingFlags.DoNotWrapExceptions, binder: null, Arguments, culture: null);
        if (result is Task task)
        {
            await task.ConfigureAwait(false);
        }
    }
}
