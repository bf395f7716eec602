using System.Linq.Expressions;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>Reads <c>() =&gt; new Counter(10)</c>: the type to create in the manager and its arguments, evaluated here.</summary>
internal static class ObjectFactory
{
    /// <exception cref="TransferException">The body is not a constructor call, or an argument cannot be evaluated or transferred.</exception>
    public static (Type Type, object?[] Arguments) Evaluate(LambdaExpression factory)
    {
        var body = factory.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : factory.Body;
        if (body is not NewExpression { Constructor: { } constructor } created)
        {
            throw new TransferException(
                $"The factory `{factory.Body}`",
                "it is not a constructor call; the manager creates the object itself, so pass one, as in () => new Counter(10).");
        }

        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var part = $"Argument '{parameters[i].Name}' of new {TypeNames.Describe(created.Type)}";
            arguments[i] = TargetCompiler.Evaluate(created.Arguments[i], part);
            ProcessBound.Check(part, arguments[i]);
        }

        return (created.Type, arguments);
    }
}
