using Actors.Multiprocessing.Internal.Managing;
using Actors.Multiprocessing.Internal.Transfer;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The bytes of a manager link: calls name their method once, values keep their types.</summary>
public sealed class ManagerWireSpecs
{
    private static readonly MethodRef SetItem = MethodRef.From(typeof(IDictionary<object, object?>).GetProperty("Item")!.SetMethod!);

    [Fact]
    public void A_call_names_its_method_once_and_its_arguments_come_back_with_their_types()
    {
        var named = new Dictionary<MethodRef, int>();
        var methods = new List<MethodRef>();
        object?[] arguments = [1, "two", null, 4.5, new CounterState(3, 4)];

        var first = ManagerWire.WriteRequest(new CallObject(7, SetItem, arguments), named);
        var second = ManagerWire.WriteRequest(new CallObject(7, SetItem, arguments), named);
        var readFirst = (CallObject)ManagerWire.ReadRequest(first, methods);
        var readSecond = (CallObject)ManagerWire.ReadRequest(second, methods);

        Assert.True(second.Length < first.Length, "the second call carries an index, not the method's name");
        Assert.Single(methods);
        Assert.Equal(SetItem.MetadataToken, readSecond.Method.MetadataToken);
        Assert.Equal(7, readSecond.Id);
        Assert.Equal(arguments, readFirst.Arguments);
        Assert.Equal(arguments, readSecond.Arguments);
        Assert.IsType<int>(readSecond.Arguments[0]);
    }

    [Fact]
    public void An_answer_keeps_its_value_and_out_arguments_and_other_messages_go_whole()
    {
        var returned = (CallReturned)ManagerWire.ReadAnswer(ManagerWire.WriteAnswer(new CallReturned(true, ["key", 42L])));
        var created = (ObjectCreated)ManagerWire.ReadAnswer(ManagerWire.WriteAnswer(new ObjectCreated(3)));

        Assert.Equal(true, returned.Value);
        Assert.Equal(["key", 42L], returned.Arguments);
        Assert.Equal(3, created.Id);
    }
}
