using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGate.OpenApi;

/// <summary>
/// Builds the gateway's OpenAPI 3.1 document from its own parts (gateway.yaml) and OpenAI's published document.
/// An operation marked <c>x-openai-operation: &lt;operationId&gt;</c> takes its request body and its 200 answer
/// from that OpenAI operation, so the OpenAI routes say exactly what OpenAI's spec says; every schema they refer to
/// is copied from OpenAI's components (in 3.1's dialect, see <see cref="SchemaDialect"/>). The gateway's own marks
/// expand into its shared parts: <c>x-modelgate-api: openai|anthropic</c> adds the auth methods, <c>x-request-id</c>
/// and the error answers in that API's shape; <c>x-modelgate-routed: true</c> adds the routing request headers and
/// the <c>x-modelgate-*</c> answer headers.
/// </summary>
public static class OpenApiGenerator
{
    private const string SchemaRef = "#/components/schemas/";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document as written to disk: indented JSON, keys in a stable order, ending with a newline.</summary>
    public static string Render(JsonObject document) => document.ToJsonString(Output).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    public static JsonObject Generate(string gatewayPartsPath, string openAiSpecPath) =>
        Generate(YamlJson.Load(gatewayPartsPath), YamlJson.Load(openAiSpecPath));

    public static JsonObject Generate(JsonObject parts, JsonObject openAi)
    {
        var document = (JsonObject)parts.DeepClone();
        var operations = OperationsById(openAi);
        var components = (JsonObject)document["components"]!;
        foreach (var operation in Operations(document))
        {
            Complete(operation, operations);
        }

        var ownSchemas = (JsonObject)components["schemas"]!;
        var openAiSchemas = (JsonObject)openAi["components"]!["schemas"]!;
        var copied = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var pending = new Stack<string>(References(document));
        while (pending.TryPop(out var name))
        {
            if (ownSchemas.ContainsKey(name) || copied.ContainsKey(name))
            {
                continue;
            }

            var schema = openAiSchemas[name] ?? throw new InvalidOperationException($"OpenAI's document has no schema '{name}'");
            copied[name] = SchemaDialect.Convert(schema);
            foreach (var reference in References(copied[name]))
            {
                pending.Push(reference);
            }
        }

        var schemas = new JsonObject();
        foreach (var (name, schema) in ownSchemas.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value?.DeepClone())).Concat(copied.Select(p => (p.Key, p.Value))))
        {
            schemas[name] = schema;
        }

        components["schemas"] = SortedObject(schemas);
        return document;
    }

    /// <summary>The operations of the document's path items, those in <c>components.pathItems</c> included.</summary>
    private static IEnumerable<JsonObject> Operations(JsonObject document)
    {
        var items = ((JsonObject)document["paths"]!).Select(p => p.Value)
            .Concat(document["components"]?["pathItems"] is JsonObject shared ? shared.Select(p => p.Value) : []);
        return items.OfType<JsonObject>().SelectMany(item => Methods.Select(method => item[method]).OfType<JsonObject>()).ToList();
    }

    private static Dictionary<string, JsonObject> OperationsById(JsonObject openAi)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (_, item) in (JsonObject)openAi["paths"]!)
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation && operation["operationId"]?.GetValue<string>() is { } id)
                {
                    byId.TryAdd(id, operation);
                }
            }
        }

        return byId;
    }

    private static void Complete(JsonObject operation, Dictionary<string, JsonObject> openAi)
    {
        var responses = operation["responses"] as JsonObject ?? new JsonObject();
        operation["responses"] = responses;
        var parameters = operation["parameters"] as JsonArray ?? new JsonArray();
        if (operation["x-openai-operation"]?.GetValue<string>() is { } id)
        {
            var source = openAi.GetValueOrDefault(id) ?? throw new InvalidOperationException($"OpenAI's document has no operation '{id}'");
            if (source["requestBody"] is { } body)
            {
                operation["requestBody"] = body.DeepClone();
            }

            foreach (var parameter in source["parameters"] as JsonArray ?? [])
            {
                parameters.Add(parameter!.DeepClone());
            }

            var ok = (JsonObject)source["responses"]!["200"]!.DeepClone();
            if (responses["200"] is JsonObject own)
            {
                foreach (var (name, value) in own)
                {
                    ok[name] = value?.DeepClone();
                }
            }

            responses["200"] = ok;
        }

        var api = operation["x-modelgate-api"]?.GetValue<string>();
        var routed = operation["x-modelgate-routed"]?.GetValue<bool>() == true;
        operation.Remove("x-modelgate-api");
        operation.Remove("x-modelgate-routed");
        if (api is null)
        {
            operation["parameters"] = parameters.Count > 0 ? parameters : null;
            RemoveNulls(operation);
            return;
        }

        parameters.Add(Ref("#/components/parameters/RequestId"));
        if (routed)
        {
            parameters.Add(Ref("#/components/parameters/Route"));
            parameters.Add(Ref("#/components/parameters/TimeoutMs"));
        }

        operation["parameters"] = parameters;
        operation["security"] ??= api == "anthropic"
            ? new JsonArray(new JsonObject { ["apiKeyHeader"] = new JsonArray() }, new JsonObject { ["bearerAuth"] = new JsonArray() })
            : new JsonArray(new JsonObject { ["bearerAuth"] = new JsonArray() });

        if (responses["200"] is JsonObject success)
        {
            var headers = success["headers"] as JsonObject ?? new JsonObject();
            success["headers"] = headers;
            foreach (var header in routed ? (string[])["x-request-id", "x-modelgate-deployment", "x-modelgate-attempts", "x-modelgate-fallback", "x-modelgate-fallback-reason"] : ["x-request-id"])
            {
                headers[header] = Ref($"#/components/headers/{header}");
            }
        }

        var prefix = api == "anthropic" ? "Anthropic" : "";
        foreach (var (status, name) in (ReadOnlySpan<(string, string)>)[
            ("400", "BadRequest"), ("401", "Unauthorized"), ("403", "Forbidden"), ("404", "NotFound"), ("405", "MethodNotAllowed"),
            ("413", "RequestTooLarge"), ("429", "TooManyRequests"), ("500", "InternalError"), ("502", "BadGateway"),
            ("503", "Unavailable"), ("504", "GatewayTimeout")])
        {
            responses[status] ??= Ref($"#/components/responses/{prefix}{name}");
        }

        if (routed)
        {
            responses["402"] ??= Ref($"#/components/responses/{prefix}PaymentRequired");
        }

        operation["responses"] = SortedObject(responses);
    }

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
        {
            obj.Remove(key);
        }
    }

    private static JsonObject SortedObject(JsonObject source)
    {
        var pairs = source.Select(pair => (pair.Key, Value: pair.Value?.DeepClone())).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var sorted = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    /// <summary>The component schemas a node refers to, anywhere inside it.</summary>
    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref" && value?.GetValue<string>() is { } target && target.StartsWith(SchemaRef, StringComparison.Ordinal))
                    {
                        yield return target[SchemaRef.Length..];
                    }
                    else
                    {
                        foreach (var reference in References(value))
                        {
                            yield return reference;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var reference in array.SelectMany(References))
                {
                    yield return reference;
                }

                break;
        }
    }
}
