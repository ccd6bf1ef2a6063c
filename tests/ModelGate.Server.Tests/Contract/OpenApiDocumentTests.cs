using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ModelGate.OpenApi;
using ModelGate.Server.Endpoints;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Contract;

/// <summary>
/// <c>GET /openapi/v1.json</c>: a valid OpenAPI 3.1 document, describing every route the gateway maps, every error
/// code docs/errors.md lists and every header docs/routing.md lists, and generated from OpenAI's spec as it stands.
/// </summary>
public sealed partial class OpenApiDocumentTests : UpstreamTestBase
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task The_document_is_served_without_a_key_and_parses_as_OpenAPI_3_1()
    {
        using var anonymous = new HttpClient();
        var response = await anonymous.GetAsync(Gateway.BaseUrl + OpenApiEndpoint.Path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(OpenApiEndpoint.Load(), bytes);

        using var stream = new MemoryStream(bytes);
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.NotNull(document);
        Assert.True(diagnostic!.Errors.Count == 0, string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.NotNull(document.Components?.SecuritySchemes?["bearerAuth"]);
        Assert.NotNull(document.Components?.SecuritySchemes?["apiKeyHeader"]);
    }

    [Fact]
    public void Every_mapped_route_is_in_the_document_with_its_methods()
    {
        var document = ContractSchemas.Instance.Document;
        // Path parameters are matched by position, not name: /v1/responses/{id} is /v1/responses/{response_id}.
        var paths = document["paths"]!.AsObject().ToDictionary(pair => Template(pair.Key), pair => pair.Value);
        var missing = new List<string>();
        foreach (var endpoint in Gateway.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText!;
            if (route.StartsWith("/admin/", StringComparison.Ordinal) || route == "/openapi/{documentName}.json")
            {
                continue; // the admin API and its document route are checked against the admin document (AdminOpenApiDocumentTests)
            }

            var item = PathItem(document, paths.GetValueOrDefault(Template(route)));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (item?[method.ToLowerInvariant()] is not JsonObject)
                {
                    missing.Add($"{method} {route}");
                }
            }
        }

        Assert.True(missing.Count == 0, "routes the document does not describe: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_document_describes_the_routes_other_apis_add()
    {
        var paths = ContractSchemas.Instance.Document["paths"]!.AsObject();

        foreach (var (method, route) in (ReadOnlySpan<(string, string)>)[
            ("post", "/v1/messages"), ("post", "/v1/messages/count_tokens"), ("post", "/v1/responses"), ("get", "/v1/responses/{response_id}"),
            ("delete", "/v1/responses/{response_id}"), ("post", "/v1/responses/{response_id}/cancel"), ("get", "/v1/responses/{response_id}/input_items")])
        {
            Assert.True(paths[route]?[method] is JsonObject, $"{method} {route}");
        }

        var messages = paths["/v1/messages"]!["post"]!;
        Assert.Contains("apiKeyHeader", messages["security"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("AnthropicBadRequest", messages["responses"]!["400"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_code_enum_is_the_table_in_errors_md()
    {
        var table = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "errors.md"))
            .Select(line => ErrorRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).Order().ToList();
        var schema = ContractSchemas.Instance.Document["components"]!["schemas"]!;
        var documented = schema["GatewayErrorCode"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order().ToList();

        Assert.NotEmpty(table);
        Assert.Equal(table, documented);
    }

    [Fact]
    public void Every_routing_header_is_in_the_document()
    {
        var routing = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "routing.md"));
        var headers = HeaderName().Matches(routing).Select(m => m.Value).Distinct().ToList();
        var document = ContractSchemas.Instance.Document["components"]!;
        var described = document["headers"]!.AsObject().Select(p => p.Key)
            .Concat(document["parameters"]!.AsObject().Select(p => p.Value!["name"]!.GetValue<string>())).ToHashSet();

        Assert.NotEmpty(headers);
        Assert.All(headers, header => Assert.Contains(header, described));
    }

    [Fact]
    public void The_served_document_is_what_the_generator_makes_from_OpenAIs_spec()
    {
        if (SpecLocator.Find(AppContext.BaseDirectory) is not { } spec)
        {
            return; // OpenAI's spec lives in the shared folder beside the repository; without it there is nothing to compare.
        }

        var generated = OpenApiGenerator.Render(OpenApiGenerator.Generate(Path.Combine(RepoPaths.Root, "tools", "ModelGate.OpenApi", "gateway.yaml"), spec));

        Assert.True(generated == Encoding.UTF8.GetString(OpenApiEndpoint.Load()),
            "src/ModelGate.Server/Contract/openapi.json is stale: run `dotnet run --project tools/ModelGate.OpenApi` (docs/api.md)");
    }

    private static string Template(string path) => ParameterName().Replace(path, "{}");

    /// <summary>A path item, following a <c>$ref</c> to <c>components.pathItems</c>.</summary>
    private static JsonObject? PathItem(JsonObject document, JsonNode? item) =>
        item?["$ref"]?.GetValue<string>() is { } target
            ? document["components"]!["pathItems"]![target["#/components/pathItems/".Length..]] as JsonObject
            : item as JsonObject;

    [GeneratedRegex(@"^\| \d{3} \| `([a-z_]+)` \|")]
    private static partial Regex ErrorRow();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"x-modelgate-[a-z-]+[a-z]")]
    private static partial Regex HeaderName();
}
