namespace Examples;

/// <summary>Prints values the way CPython's print shows them, so the output compares line by line with the seed's.</summary>
public static class PythonRepr
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(Of))}]",
        _ => value.ToString() ?? "",
    };
}
