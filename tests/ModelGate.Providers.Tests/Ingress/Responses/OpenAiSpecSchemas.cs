using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>
/// The component schemas of OpenAI's OpenAPI document (shared/specs/openai-openapi.yaml) as JSON Schema 2020-12:
/// the YAML is read with YamlDotNet, <c>#/components/schemas/X</c> references become <c>#/$defs/X</c>, and the
/// OpenAPI 3.0 leftover <c>nullable: true</c> adds <c>null</c> to the type. Formats are annotations only.
/// </summary>
internal sealed partial class OpenAiSpecSchemas
{
    private const string BaseUri = "https://modelgate.test/openai-openapi";

    private static readonly Lazy<OpenAiSpecSchemas?> Loaded = new(Load);

    private readonly BuildOptions options;
    private readonly Dictionary<string, JsonSchema> built = [];

    private OpenAiSpecSchemas(JsonObject definitions, BuildOptions options)
    {
        Definitions = definitions;
        this.options = options;
    }

    /// <summary>The component schemas by name, as JSON.</summary>
    public JsonObject Definitions { get; }

    /// <summary>Null when the spec file is not beside the repository (it lives in the shared folder).</summary>
    public static OpenAiSpecSchemas? Instance => Loaded.Value;

    public static string? SpecPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", "openai-openapi.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Validates <paramref name="json"/> against the named component schema; the failures, if any, as text.</summary>
    public string? Validate(string schemaName, string json)
    {
        lock (built)
        {
            return ValidateLocked(schemaName, json);
        }
    }

    private string? ValidateLocked(string schemaName, string json)
    {
        if (!built.TryGetValue(schemaName, out var schema))
        {
            // A built schema keeps reading its source elements: they must outlive it, so they are clones.
            var reference = JsonElement.Parse($$"""{"$ref":"{{BaseUri}}#/$defs/{{schemaName}}"}""");
            schema = built[schemaName] = JsonSchema.Build(reference, options);
        }

        using var instance = JsonDocument.Parse(json);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        return string.Join("\n", (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key}: {error.Value}")));
    }

    private static OpenAiSpecSchemas? Load()
    {
        if (SpecPath() is not { } path)
        {
            return null;
        }

        // One example in the file opens a block scalar with a line of spaces deeper than its text, which YAML
        // parsers disagree on; lines holding only spaces carry nothing, so they are emptied first.
        var text = BlankLinePattern().Replace(File.ReadAllText(path), "");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));

        var root = (JsonObject)ToJson(yaml.Documents[0].RootNode)!;
        var definitions = (JsonObject)root["components"]!["schemas"]!.DeepClone();
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseUri,
            ["$defs"] = definitions.DeepClone(),
        };

        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.Build(JsonElement.Parse(document.ToJsonString()), options);
        return new OpenAiSpecSchemas(definitions, options);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var converted = ToJson(value);
            if (name == "$ref" && converted is JsonValue reference && reference.GetValue<string>() is { } target)
            {
                converted = target.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            }

            obj[name] = converted;
        }

        if (obj["nullable"] is JsonValue nullable && nullable.GetValue<bool>() && obj["type"] is JsonValue type)
        {
            obj["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        // OpenAPI 3.0's boolean exclusiveMinimum/Maximum beside minimum/maximum is a number of its own in 2020-12.
        foreach (var (exclusive, bound) in (ReadOnlySpan<(string, string)>)[("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")])
        {
            if (obj[exclusive] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                obj.Remove(exclusive);
                if (flag.GetValue<bool>() && obj[bound] is { } value)
                {
                    obj.Remove(bound);
                    obj[exclusive] = value;
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
