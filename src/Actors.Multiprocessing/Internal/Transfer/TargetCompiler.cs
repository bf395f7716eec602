using System.Linq.Expressions;
using System.Reflection;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Turns a target lambda such as <c>() => Work.Add(n, 35)</c> into a <see cref="TargetCall"/>: the method is
/// named, and the instance and every argument are evaluated here, in the parent (as CPython pickles the
/// arguments in <c>start()</c>), the way Hangfire reads its job expressions.
/// </summary>
internal static class TargetCompiler
{
    public static TargetCall Compile(LambdaExpression target)
    {
        var call = CallOf(target);
        var method = MethodRef.From(call.Method);
        object? instance = null;
        if (call.Object is not null && !TryRead(call.Object, out instance))
        {
            instance = Evaluate(call.Object, TargetCall.InstancePart(method));
        }

        if (call.Object is not null && instance is null)
        {
            throw new TransferException(TargetCall.InstancePart(method), "it is null; call a static method or pass a live object.");
        }

        var parameters = call.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            // A pool runs this on every task: the part is named only when it takes more than a read.
            if (parameters[i].ParameterType.IsByRef || !TryRead(call.Arguments[i], out arguments[i]))
            {
                var part = TargetCall.ArgumentPart(method, parameters[i]);
                RefuseByRef(parameters[i], part);
                arguments[i] = Evaluate(call.Arguments[i], part);
            }
        }

        return new TargetCall(method, instance, arguments);
    }

    /// <summary>The one method call a target lambda is made of; a conversion of its result (to object, say) is allowed.</summary>
    /// <exception cref="TransferException">The body is anything else.</exception>
    public static MethodCallExpression CallOf(LambdaExpression target) => target.Body switch
    {
        MethodCallExpression call => call,
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: MethodCallExpression call } => call,
        _ => throw new TransferException(
            "The target",
            $"its body `{target.Body}` is not a single method call. Write the target as () => SomeType.Method(args) " +
            "or () => obj.Method(args), and move other code into that method."),
    };

    public static void RefuseByRef(ParameterInfo parameter, string part)
    {
        if (parameter.ParameterType.IsByRef)
        {
            throw new TransferException(part, "ref and out parameters cannot cross a process boundary; return the value instead.");
        }
    }

    /// <summary>Reads a constant or a captured local (a field of the compiler's closure object) without compiling; false for anything else.</summary>
    private static bool TryRead(Expression expression, out object? value)
    {
        (var read, value) = expression switch
        {
            ConstantExpression constant => (true, constant.Value),
            MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field } => (true, field.GetValue(closure.Value)),
            _ => (false, null),
        };
        return read;
    }

    public static object? Evaluate(Expression expression, string part)
    {
        try
        {
            return TryRead(expression, out var value)
                ? value
                : Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
        }
        catch (Exception e)
        {
            throw new TransferException(part, $"evaluating `{expression}` in the parent threw {e.GetType().Name}: {e.Message}", e);
        }
    }
}
