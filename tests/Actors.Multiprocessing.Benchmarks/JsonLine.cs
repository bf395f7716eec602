using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>One JSON object on one line, spaced as Python's <c>json.dumps</c> writes it, so both sides' lines read alike.</summary>
internal static class JsonLine
{
    public static string Format(IEnumerable<KeyValuePair<string, object>> fields)
    {
        var line = new StringBuilder("{");
        foreach (var (key, value) in fields)
        {
            if (line.Length > 1)
            {
                line.Append(", ");
            }

            line.Append(JsonSerializer.Serialize(key)).Append(": ").Append(value switch
            {
                double d => Math.Round(d, 3).ToString(CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => JsonSerializer.Serialize(value.ToString()),
            });
        }

        return line.Append('}').ToString();
    }

    public static Dictionary<string, JsonElement> Parse(string line) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line) ?? [];
}
