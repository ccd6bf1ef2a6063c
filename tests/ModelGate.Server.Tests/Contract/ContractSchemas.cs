using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ModelGate.Server.Endpoints;

namespace ModelGate.Server.Tests.Contract;

/// <summary>
/// The component schemas of the gateway's served OpenAPI document as JSON Schema 2020-12 (<c>#/components/schemas/X</c>
/// becomes <c>#/$defs/X</c>). For the OpenAI routes these are OpenAI's own schemas, copied by the generator
/// (<see cref="OpenApiDocumentTests.The_served_document_is_what_the_generator_makes_from_OpenAIs_spec"/> holds it to that).
/// </summary>
internal sealed class ContractSchemas
{
    private const string BaseUri = "https://modelgate.test/openapi";

    public static ContractSchemas Instance { get; } = new();

    private readonly BuildOptions options = new() { SchemaRegistry = new SchemaRegistry() };
    private readonly Dictionary<string, JsonSchema> built = [];

    private ContractSchemas()
    {
        Document = JsonNode.Parse(OpenApiEndpoint.Load())!.AsObject();
        var text = Document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseUri,
            ["$defs"] = JsonNode.Parse(text),
        };
        JsonSchema.Build(JsonElement.Parse(root.ToJsonString()), options);
    }

    /// <summary>The served document.</summary>
    public JsonObject Document { get; }

    /// <summary>Validates <paramref name="json"/> against the named schema; the failures as text, or null.</summary>
    public string? Validate(string schemaName, string json)
    {
        lock (built)
        {
            if (!built.TryGetValue(schemaName, out var schema))
            {
                schema = built[schemaName] = JsonSchema.Build(JsonElement.Parse($$"""{"$ref":"{{BaseUri}}#/$defs/{{schemaName}}"}"""), options);
            }

            using var instance = JsonDocument.Parse(json);
            var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return result.IsValid
                ? null
                : string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));
        }
    }

    public static void AssertValid(string schemaName, string json)
    {
        var failures = Instance.Validate(schemaName, json);
        Assert.True(failures is null, $"{schemaName} rejects {json}:\n{failures}");
    }
}
