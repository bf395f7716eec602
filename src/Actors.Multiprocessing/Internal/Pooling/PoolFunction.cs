using System.Linq.Expressions;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>How a task's item feeds the call's parts: the item itself, its tuple fields, or its array elements.</summary>
internal enum ItemShape
{
    /// <summary>Map: the item is the lambda's one parameter.</summary>
    Whole,

    /// <summary>StarMap: field N of the item tuple is the lambda's parameter N.</summary>
    TupleFields,

    /// <summary>Apply: the item is the array of the instance (if any) and the arguments, evaluated in the parent.</summary>
    ArrayElements,
}

/// <summary>One part of the call: component <see cref="Component"/> of the task's item, or (when negative) the constant <see cref="Value"/>.</summary>
internal sealed record PoolSlot(int Component, object? Value)
{
    public static PoolSlot Constant(object? value) => new(-1, value);
}

/// <summary>
/// What a pool task calls, sent once to each worker and compiled there: the method, where its instance and
/// arguments come from, and the item and result types. The items of every task travel apart from it, so
/// 20,000 ApplyAsync calls of one method send the method once.
/// </summary>
internal sealed class PoolFunction
{
    public PoolFunction(MethodRef method, PoolSlot? instance, PoolSlot[] arguments, ItemShape shape, string itemType, string resultType)
    {
        Method = method;
        Instance = instance;
        Arguments = arguments;
        Shape = shape;
        ItemType = itemType;
        ResultType = resultType;
    }

    public MethodRef Method { get; }

    public PoolSlot? Instance { get; }

    public PoolSlot[] Arguments { get; }

    public ItemShape Shape { get; }

    public string ItemType { get; }

    public string ResultType { get; }

    /// <summary>What makes two Apply functions the same (their calls then share it): the method, whether it has an instance, the result type.</summary>
    public string Key => field ??= $"{Method.DeclaringType}|{Method.MetadataToken}|{string.Join(',', Method.TypeArguments)}|{Instance is not null}|{ResultType}";

    /// <summary>Compiles the function, in the worker, into a runner of whole chunks: an item array in, a result array out.</summary>
    public IChunkRunner Bind()
    {
        var method = Method.Resolve();
        var itemType = TypeNames.Find(ItemType);
        var resultType = TypeNames.Find(ResultType);
        var item = Expression.Parameter(itemType, "item");
        var parameters = method.GetParameters();
        var arguments = Arguments.Select((slot, i) => Part(slot, parameters[i].ParameterType, item)).ToArray();
        var instance = Instance is null ? null : Part(Instance, method.DeclaringType!, item);
        Expression call = Expression.Call(instance, method, arguments);
        Expression body = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, resultType))
            : Expression.Convert(call, resultType);
        var lambda = Expression.Lambda(typeof(Func<,>).MakeGenericType(itemType, resultType), body, item).Compile();
        return (IChunkRunner)Activator.CreateInstance(typeof(ChunkRunner<,>).MakeGenericType(itemType, resultType), lambda)!;
    }

    private Expression Part(PoolSlot slot, Type type, ParameterExpression item)
    {
        if (slot.Component < 0)
        {
            return Expression.Constant(slot.Value, type);
        }

        Expression component = Shape switch
        {
            ItemShape.Whole => item,
            ItemShape.TupleFields => Expression.Field(item, $"Item{slot.Component + 1}"),
            _ => Expression.ArrayIndex(item, Expression.Constant(slot.Component)),
        };
        return Expression.Convert(component, type);
    }

    /// <summary>The call's name in error messages, for example <c>Work.Square</c>.</summary>
    public override string ToString() => Method.Display;
}

/// <summary>Runs a compiled pool function over a chunk of items.</summary>
internal interface IChunkRunner
{
    /// <summary>Reads a task's items (see <see cref="ChunkCodec"/>).</summary>
    Array Decode(byte[] items);

    /// <summary>Calls the function for each item of the array, in order; the first exception ends the chunk.</summary>
    Array Run(Array items);

    /// <summary>Writes the results for the parent.</summary>
    byte[] Encode(Array results);
}

/// <summary>The typed loop of <see cref="IChunkRunner"/>, so items and results are not boxed one by one.</summary>
internal sealed class ChunkRunner<TItem, TResult>(Func<TItem, TResult> function) : IChunkRunner
{
    public Array Decode(byte[] items) => ChunkCodec.Decode<TItem>(items);

    public byte[] Encode(Array results) => ChunkCodec.Encode((TResult[])results);

    public Array Run(Array items)
    {
        var typed = (TItem[])items;
        var results = new TResult[typed.Length];
        for (var i = 0; i < typed.Length; i++)
        {
            results[i] = function(typed[i]);
        }

        return results;
    }
}
