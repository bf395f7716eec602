using System.Globalization;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>How CPython prints a value inside a dict or a list: <c>'text'</c>, <c>None</c>, <c>True</c>, <c>0.25</c>.</summary>
internal static class PythonRepr
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        string text => $"'{text}'",
        bool flag => flag ? "True" : "False",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
