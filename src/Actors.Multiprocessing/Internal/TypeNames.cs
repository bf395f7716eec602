namespace Actors.Multiprocessing.Internal;

/// <summary>
/// Types by name: how a message names a type to a person, as C# writes it, without namespaces
/// (<c>List&lt;Int32&gt;</c>, <c>Int32[]</c>), not as the runtime prints it
/// (<c>System.Collections.Generic.List`1[System.Int32]</c>); and the type another process named by its
/// assembly-qualified name.
/// </summary>
internal static class TypeNames
{
    /// <summary>The type as a person writes it; "null" for no type (a null value).</summary>
    public static string Describe(Type? type)
    {
        if (type is null)
        {
            return "null";
        }

        if (type.IsArray)
        {
            return $"{Describe(type.GetElementType())}[{new string(',', type.GetArrayRank() - 1)}]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        // A type nested in a generic one is generic without a backtick of its own.
        var tick = type.Name.IndexOf('`');
        var bare = tick < 0 ? type.Name : type.Name[..tick];
        return $"{bare}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }

    /// <summary>
    /// The type an assembly-qualified name names (<see cref="Type.AssemblyQualifiedName"/>). A type with no
    /// generic arguments, of an assembly this process has loaded, is looked up there without the runtime's full
    /// name parser: a child finds its target's type first thing, and parsing cost it about 8 ms of CPU here.
    /// </summary>
    /// <exception cref="TypeLoadException">No such type.</exception>
    /// <exception cref="FileNotFoundException">Its assembly cannot be found.</exception>
    public static Type Find(string qualifiedName)
    {
        var comma = qualifiedName.IndexOf(',');
        if (comma > 0 && qualifiedName.AsSpan(0, comma).IndexOfAny('[', '\\') < 0)
        {
            var assemblyName = qualifiedName.AsSpan(comma + 1).Trim();
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assemblyName.SequenceEqual(assembly.FullName) && assembly.GetType(qualifiedName[..comma]) is { } type)
                {
                    return type;
                }
            }
        }

        return Type.GetType(qualifiedName, throwOnError: true)!;
    }
}
