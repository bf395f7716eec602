using System.Collections.Concurrent;
using System.Reflection;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Names a method so that another process can find it again: the declaring type by assembly-qualified name,
/// the method by metadata token (exact even for overloads), and the type arguments of a generic method.
/// </summary>
internal sealed class MethodRef
{
    private const BindingFlags AnyMember =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    // A manager's proxies name a method on every call, and the manager finds it on every call: both are cached.
    // Found is keyed by a string: a tuple key would be JIT-compiled in every child (a string key's code is precompiled).
    private static readonly ConcurrentDictionary<MethodInfo, MethodRef> Named = new();
    private static readonly ConcurrentDictionary<string, MethodInfo> Found = new();

    // This name's method once found: a manager's wire keeps one MethodRef per method for all its calls.
    private MethodInfo? _resolved;

    public MethodRef(string declaringType, int metadataToken, string[] typeArguments, string display)
    {
        DeclaringType = declaringType;
        MetadataToken = metadataToken;
        TypeArguments = typeArguments;
        Display = display;
    }

    public string DeclaringType { get; }

    public int MetadataToken { get; }

    public string[] TypeArguments { get; }

    /// <summary>How error messages name the method, for example <c>Work.Sleep</c>.</summary>
    public string Display { get; }

    public static MethodRef From(MethodInfo method) => Named.GetOrAdd(method, Name);

    public MethodInfo Resolve() =>
        _resolved ??= Found.GetOrAdd($"{MetadataToken}|{DeclaringType}|{string.Join('|', TypeArguments)}", _ => Find());

    public override string ToString() => Display;

    public static string QualifiedName(Type type) =>
        type.AssemblyQualifiedName ?? throw new ArgumentException($"{TypeNames.Describe(type)} has no assembly-qualified name and cannot be named in another process.");

    private static MethodRef Name(MethodInfo method)
    {
        var declaring = method.DeclaringType
            ?? throw new ArgumentException($"{method.Name} is a global method; only methods of a type can be targets.");
        var typeArguments = method.IsGenericMethod
            ? method.GetGenericArguments().Select(QualifiedName).ToArray()
            : [];
        return new MethodRef(QualifiedName(declaring), method.MetadataToken, typeArguments, $"{declaring.Name}.{method.Name}");
    }

    private MethodInfo Find()
    {
        var type = TypeNames.Find(DeclaringType);
        // By token at once, unless the type is a constructed generic one (the token names the definition's method).
        var method = type.IsConstructedGenericType
            ? type.GetMethods(AnyMember).Single(m => m.MetadataToken == MetadataToken)
            : type.Module.ResolveMethod(MetadataToken) is MethodInfo declared && declared.DeclaringType == type
                ? declared
                : throw new MissingMethodException($"{Display}: token {MetadataToken} names no method of {type}.");
        return TypeArguments.Length == 0
            ? method
            : method.MakeGenericMethod(TypeArguments.Select(t => TypeNames.Find(t)).ToArray());
    }
}
