using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// Turns the lambdas given to a <see cref="Actors.Multiprocessing.Pool"/> into a <see cref="PoolFunction"/>, in
/// the parent. Apply's <c>() => Work.Square(n)</c> is evaluated into an item (its arguments) for one function
/// per method; Map's <c>x => Work.Scale(x, factor)</c> keeps its parameter as the item's slot and evaluates
/// every part that does not use it into a constant.
/// </summary>
internal static class PoolCallCompiler
{
    // Apply's functions, one per method, instance or not, and result type: ApplyAsync runs this on every task.
    private static readonly ConcurrentDictionary<(MethodInfo Method, bool HasInstance, Type Result), PoolFunction> ApplyFunctions = new();

    /// <summary>Compiles an Apply call: the function (the same for every call of the method) and this call's item.</summary>
    /// <exception cref="TransferException">The lambda is not one method call, or a part cannot be evaluated.</exception>
    public static (PoolFunction Function, object?[] Item) CompileCall(LambdaExpression lambda)
    {
        RefuseAsync(lambda);
        var call = TargetCompiler.Compile(lambda);
        if (Array.Exists(call.Arguments, a => ProcessBound.Advice(a) is not null) || ProcessBound.Advice(call.Instance) is not null)
        {
            // Only now name the parts: that needs the method's parameters, too slow to look up on every task.
            foreach (var (part, value) in call.Parts())
            {
                ProcessBound.Check(part, value);
            }
        }

        var hasInstance = call.Instance is not null;
        var item = hasInstance ? [call.Instance, .. call.Arguments] : call.Arguments;
        var function = ApplyFunctions.GetOrAdd(
            (TargetCompiler.CallOf(lambda).Method, hasInstance, ResultType(lambda)),
            static (key, call) => ApplyFunction(call.Method, key.HasInstance, call.Arguments.Length, key.Result),
            call);
        return (function, item);
    }

    private static PoolFunction ApplyFunction(MethodRef method, bool hasInstance, int arguments, Type result)
    {
        var offset = hasInstance ? 1 : 0;
        return new PoolFunction(
            method,
            hasInstance ? new PoolSlot(0, null) : null,
            Enumerable.Range(offset, arguments).Select(component => new PoolSlot(component, null)).ToArray(),
            ItemShape.ArrayElements,
            MethodRef.QualifiedName(typeof(object[])),
            MethodRef.QualifiedName(result));
    }

    /// <summary>Compiles a Map or StarMap lambda, whose parameters come from each item.</summary>
    /// <exception cref="TransferException">The lambda is not one method call, a parameter is used inside an expression, or a part cannot be evaluated.</exception>
    public static PoolFunction CompileTemplate(LambdaExpression lambda, ItemShape shape, Type itemType)
    {
        RefuseAsync(lambda);
        var call = TargetCompiler.CallOf(lambda);
        var method = MethodRef.From(call.Method);
        var instance = call.Object is null ? null : Slot(call.Object, TargetCall.InstancePart(method), lambda);
        var parameters = call.Method.GetParameters();
        var arguments = new PoolSlot[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var part = TargetCall.ArgumentPart(method, parameters[i]);
            TargetCompiler.RefuseByRef(parameters[i], part);
            arguments[i] = Slot(call.Arguments[i], part, lambda);
        }

        return new PoolFunction(method, instance, arguments, shape, MethodRef.QualifiedName(itemType), MethodRef.QualifiedName(ResultType(lambda)));
    }

    private static PoolSlot Slot(Expression expression, string part, LambdaExpression lambda)
    {
        var bare = expression is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression;
        if (bare is ParameterExpression parameter && lambda.Parameters.IndexOf(parameter) is var index and >= 0)
        {
            return new PoolSlot(index, null);
        }

        if (ParameterFinder.Uses(expression, lambda.Parameters))
        {
            throw new TransferException(
                part,
                $"`{expression}` computes with the lambda's parameter, which only the worker has. Pass the parameter " +
                "itself, as in x => Work.Square(x), and do the computing inside the method.");
        }

        var value = TargetCompiler.Evaluate(expression, part);
        ProcessBound.Check(part, value);
        return PoolSlot.Constant(value);
    }

    private static Type ResultType(LambdaExpression lambda) =>
        lambda.ReturnType == typeof(void) ? typeof(object) : lambda.ReturnType;

    private static void RefuseAsync(LambdaExpression lambda)
    {
        if (typeof(Task).IsAssignableFrom(lambda.ReturnType) || lambda.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal))
        {
            throw new TransferException(
                $"The pool task `{lambda.Body}`",
                "it returns a task, which cannot cross a process boundary. Pool tasks are synchronous calls, as in " +
                "CPython; call a method that waits for its work and returns the result.");
        }
    }

    /// <summary>Finds whether an expression reads one of the lambda's parameters.</summary>
    private sealed class ParameterFinder(IReadOnlyCollection<ParameterExpression> parameters) : ExpressionVisitor
    {
        private bool _found;

        public static bool Uses(Expression expression, IReadOnlyCollection<ParameterExpression> parameters)
        {
            var finder = new ParameterFinder(parameters);
            finder.Visit(expression);
            return finder._found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= parameters.Contains(node);
            return node;
        }
    }
}
