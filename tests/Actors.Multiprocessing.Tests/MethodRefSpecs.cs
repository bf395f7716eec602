using System.Reflection;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Transfer;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// How a process finds a type and a method another process named: loaded assemblies are searched first (a
/// child's first lookup), anything else takes the runtime's parser, and a name or token that names nothing
/// fails with the runtime's exception, never with some other type's method.
/// </summary>
public sealed class MethodRefSpecs
{
    public static TheoryData<Type> Types => new()
    {
        typeof(MethodRefSpecs),
        typeof(Nested.Deeper),
        typeof(List<int>),
        typeof(Dictionary<string, List<Nested.Deeper>>),
        typeof(int[]),
        typeof(Generic<int>.Inner),
        typeof(string),
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void A_type_is_found_by_its_assembly_qualified_name(Type type)
    {
        Assert.Same(type, TypeNames.Find(MethodRef.QualifiedName(type)));
    }

    [Fact]
    public void A_name_of_no_type_fails_as_the_runtime_fails()
    {
        var missing = MethodRef.QualifiedName(typeof(MethodRefSpecs)).Replace(nameof(MethodRefSpecs), "NoSuchType", StringComparison.Ordinal);

        Assert.Throws<TypeLoadException>(() => TypeNames.Find(missing));
        Assert.Throws<FileNotFoundException>(() => TypeNames.Find("Some.Type, No.Such.Assembly, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"));
    }

    public static TheoryData<MethodInfo> Methods => new()
    {
        typeof(Nested).GetMethod(nameof(Nested.Twice), [typeof(int)])!,
        typeof(Nested).GetMethod(nameof(Nested.Twice), [typeof(string)])!,
        typeof(Nested).GetMethod(nameof(Nested.Echo))!.MakeGenericMethod(typeof(Nested.Deeper)),
        typeof(Generic<string>).GetMethod(nameof(Generic<string>.Same))!,
        typeof(Generic<int>.Inner).GetMethod(nameof(Generic<int>.Inner.Count))!,
        typeof(List<long>).GetMethod(nameof(List<long>.Add))!,
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_method_is_found_again_by_its_name_overloads_and_generic_arguments_included(MethodInfo method)
    {
        var named = MethodRef.From(method);
        var again = new MethodRef(named.DeclaringType, named.MetadataToken, named.TypeArguments, named.Display);

        Assert.Equal(method, again.Resolve());
    }

    [Fact]
    public void A_token_of_another_types_method_names_no_method_of_the_type()
    {
        var other = typeof(Generic<int>.Inner).GetMethod(nameof(Generic<int>.Inner.Count))!;
        var forged = new MethodRef(MethodRef.QualifiedName(typeof(Nested)), other.MetadataToken, [], "Nested.Count");

        Assert.Throws<MissingMethodException>(() => forged.Resolve());
    }

    public static class Nested
    {
        public static int Twice(int value) => value * 2;

        public static string Twice(string value) => value + value;

        public static T Echo<T>(T value) => value;

        public sealed class Deeper;
    }

    public static class Generic<T>
    {
        public static T Same(T value) => value;

        public static class Inner
        {
            public static int Count() => 0;
        }
    }
}
