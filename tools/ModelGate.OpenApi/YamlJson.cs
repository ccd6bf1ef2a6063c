using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ModelGate.OpenApi;

/// <summary>YAML (as OpenAPI documents are written) read into JSON nodes, with YAML 1.2 core-schema scalars.</summary>
public static partial class YamlJson
{
    public static JsonObject Load(string path)
    {
        // OpenAI's document opens one block scalar with a line of spaces deeper than its text, which YAML parsers
        // disagree on; lines holding only spaces carry nothing, so they are emptied first.
        var text = BlankLinePattern().Replace(File.ReadAllText(path), "");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (JsonObject)ToJson(yaml.Documents[0].RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>A mapping; a merge key (<c>&lt;&lt;: *anchor</c>) brings in the anchored mapping's entries the mapping does not set itself.</summary>
    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                obj[name] = ToJson(value);
            }
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (((YamlScalarNode)key).Value == "<<" && ToJson(value) is JsonObject merged)
            {
                foreach (var (name, inherited) in merged)
                {
                    if (!obj.ContainsKey(name))
                    {
                        obj[name] = inherited?.DeepClone();
                    }
                }
            }
        }

        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[ \t]+$", RegexOptions.Multiline)]
    private static partial Regex BlankLinePattern();

    [GeneratedRegex(@"^-?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
