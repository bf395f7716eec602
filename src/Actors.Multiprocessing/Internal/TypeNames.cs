namespace Actors.Multiprocessing.Internal;

/// <summary>
/// How a message names a type: as C# writes it, without namespaces (<c>List&lt;Int32&gt;</c>, <c>Int32[]</c>),
/// not as the runtime prints it (<c>System.Collections.Generic.List`1[System.Int32]</c>).
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
}
