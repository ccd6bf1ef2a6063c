using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ModelGate.Server.Admin;
using ModelGate.Server.Tests.Admin;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Contract;

/// <summary>
/// <c>GET /openapi/admin.json</c>: a valid OpenAPI 3.1 document describing every <c>/admin</c> route the gateway maps,
/// its bearer auth and the admin error codes of docs/errors.md; and the reference page at <c>/admin/docs</c>.
/// </summary>
public sealed partial class AdminOpenApiDocumentTests : AdminTestBase
{
    [Fact]
    public async Task The_document_is_served_without_a_key_and_parses_as_OpenAPI_3_1()
    {
        var (document, diagnostic) = await LoadAsync();

        Assert.True(diagnostic.Errors.Count == 0, string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        var bearer = document.Components!.SecuritySchemes![AdminOpenApi.SecurityScheme];
        Assert.Equal(SecuritySchemeType.Http, bearer.Type);
        Assert.Equal("bearer", bearer.Scheme);
        Assert.NotEmpty(document.Security!);
    }

    [Fact]
    public async Task Every_mapped_admin_route_is_in_the_document_with_its_methods()
    {
        var document = await JsonAsync();
        var paths = document["paths"]!.AsObject().ToDictionary(pair => Template(pair.Key), pair => pair.Value);
        var missing = new List<string>();
        var routes = 0;
        foreach (var endpoint in Gateway.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText!;
            if (!route.StartsWith("/admin/", StringComparison.Ordinal) || route.StartsWith(AdminOpenApi.ReferencePath, StringComparison.Ordinal))
            {
                continue;
            }

            routes++;
            var item = paths.GetValueOrDefault(Template(route));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (item?[method.ToLowerInvariant()] is not JsonObject)
                {
                    missing.Add($"{method} {route}");
                }
            }
        }

        Assert.True(routes >= 13, $"only {routes} admin routes found");
        Assert.True(missing.Count == 0, "admin routes the document does not describe: " + string.Join(", ", missing));
        Assert.All(paths.Keys, path => Assert.StartsWith("/admin/", path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bodies_answers_and_errors_have_schemas()
    {
        var document = await JsonAsync();
        var paths = document["paths"]!;
        Assert.Equal("#/components/schemas/KeyCreateRequest", paths["/admin/keys"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/CreatedKeyView", paths["/admin/keys"]!["post"]!["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(paths["/admin/teams/{id}"]!["patch"]!["requestBody"]);
        foreach (var (_, item) in paths.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                Assert.True(responses.Any(r => r.Key.StartsWith('2') && r.Value!["content"]?["application/json"]?["schema"] is not null), method);
                Assert.Contains("AdminErrorResponse", responses["401"]!.ToJsonString(), StringComparison.Ordinal);
                Assert.Contains("AdminErrorResponse", responses["403"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }

        var schemas = document["components"]!["schemas"]!;
        var key = schemas["KeyView"]!["properties"]!.AsObject();
        Assert.Contains("key_hint", key.Select(p => p.Key));
        Assert.DoesNotContain("key", key.Select(p => p.Key));
        Assert.Contains("key", schemas["CreatedKeyView"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("integer", schemas["KeyCreateRequest"]!["properties"]!["rpm"]!["type"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("/admin/keys", paths.AsObject().Select(p => p.Key));
        var listKeys = paths["/admin/keys"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["team_id", "owner", "include_revoked", "limit"], listKeys);
    }

    [Fact]
    public async Task The_error_codes_are_the_admin_table_of_errors_md_and_all_documented()
    {
        var errors = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "errors.md"));
        var admin = errors.Select(line => AdminRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var every = errors.Select(line => AnyCode().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var document = await JsonAsync();
        var codes = document["components"]!["schemas"]!["AdminErrorBody"]!["properties"]!["code"]!["enum"]!.AsArray()
            .Select(v => v!.GetValue<string>()).ToList();

        Assert.NotEmpty(admin);
        Assert.All(admin, code => Assert.Contains(code, codes));
        Assert.All(codes, code => Assert.Contains(code, every));
    }

    [Fact]
    public async Task The_reference_page_is_served_from_the_gateway_itself()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        var page = await anonymous.GetAsync(AdminOpenApi.ReferencePath.TrimStart('/'));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains(AdminOpenApi.DocumentPath.TrimStart('/'), html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var script = await anonymous.GetAsync(AdminOpenApi.ReferencePath.TrimStart('/') + "/scalar.js");
        Assert.Equal(200, (int)script.StatusCode);
    }

    [Fact]
    public async Task The_inference_document_is_unchanged_beside_it()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        Assert.Equal(Endpoints.OpenApiEndpoint.Load(), await anonymous.GetByteArrayAsync(Endpoints.OpenApiEndpoint.Path.TrimStart('/')));
        Assert.Equal(404, (int)(await anonymous.GetAsync("openapi/other.json")).StatusCode);
    }

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> LoadAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        var response = await anonymous.GetAsync(AdminOpenApi.DocumentPath.TrimStart('/'));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");
        return (document!, diagnostic!);
    }

    private async Task<JsonObject> JsonAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        return JsonNode.Parse(await anonymous.GetStringAsync(AdminOpenApi.DocumentPath.TrimStart('/')))!.AsObject();
    }

    private static string Template(string path) => ParameterName().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^\| `([a-z_]+)` \| \d{3} \|")]
    private static partial Regex AdminRow();

    [GeneratedRegex(@"^\| (?:\d{3} \| )?`([a-z_]+)` \|")]
    private static partial Regex AnyCode();
}
