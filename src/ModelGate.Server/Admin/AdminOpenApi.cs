using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModelGate.Core.Errors;
using Scalar.AspNetCore;

namespace ModelGate.Server.Admin;

/// <summary>
/// The admin API's OpenAPI document, generated from the routes' metadata at <c>GET /openapi/admin.json</c>, and its
/// interactive reference at <c>/admin/docs</c> (the reference's scripts are served from the server itself, no CDN).
/// Neither needs a key: they describe the API, they do not call it.
/// </summary>
public static class AdminOpenApi
{
    public const string DocumentName = "admin";
    public const string DocumentPath = "/openapi/admin.json";
    public const string ReferencePath = "/admin/docs";
    public const string SecurityScheme = "bearerAuth";

    /// <summary>The codes an admin route can answer with: the admin table of docs/errors.md and the common ones.</summary>
    public static readonly string[] ErrorCodes =
    [
        Core.Errors.ErrorCodes.InvalidJson, Core.Errors.ErrorCodes.MissingRequiredParameter, Core.Errors.ErrorCodes.InvalidType,
        Core.Errors.ErrorCodes.InvalidValue, Core.Errors.ErrorCodes.UnknownParameter, Core.Errors.ErrorCodes.MissingApiKey,
        Core.Errors.ErrorCodes.InvalidApiKey, Core.Errors.ErrorCodes.AdminScopeRequired, Core.Errors.ErrorCodes.KeyNotFound,
        Core.Errors.ErrorCodes.TeamNotFound, Core.Errors.ErrorCodes.TeamNameTaken, Core.Errors.ErrorCodes.TeamHasKeys,
        Core.Errors.ErrorCodes.KeyRevoked, Core.Errors.ErrorCodes.InternalError,
    ];

    public static IServiceCollection AddAdminOpenApi(this IServiceCollection services)
    {
        // Schemas are named as the admin API writes JSON (AdminJson): snake_case. The gateway's own answers do not
        // use these options; they serialize with their source-generated contexts.
        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description =>
                description.RelativePath is { } path && path.StartsWith("admin/", StringComparison.Ordinal)
                && !path.StartsWith(ReferencePath[1..], StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ModelGate admin API",
                    Version = "1",
                    Description = "Virtual keys, teams, models and deployments with health, the audit log, spend and budgets. Every route takes "
                        + "`Authorization: Bearer` with the master key, an `admin` key, or a `team_admin` key (its own team's keys only); "
                        + "an `inference` key gets `403 admin_scope_required`. Errors are in OpenAI's shape (`AdminErrorResponse`).",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The master key, or a virtual key with scope `admin` or `team_admin`.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellation) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminBodyMetadata>().FirstOrDefault() is { } body
                    && context.Document is { } document)
                {
                    var name = body.RequestType.Name;
                    document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.RequestType, null, cancellation));
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) },
                        },
                    };
                }

                foreach (var query in context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminQueryParameter>())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = query.Name,
                        In = ParameterLocation.Query,
                        Description = query.Description,
                        Schema = new OpenApiSchema { Type = query.Type },
                    });
                }
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(AdminErrorBody) && schema.Properties is { } properties && properties.TryGetValue("code", out var property) && property is OpenApiSchema code)
                {
                    code.Enum = [.. ErrorCodes.Select(value => (JsonNode)JsonValue.Create(value))];
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static void Map(WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("ModelGate admin API")
            .AddDocument(DocumentName, "ModelGate admin API", DocumentPath, isDefault: true)
            .AddPreferredSecuritySchemes([SecurityScheme])
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
    }

    /// <summary>Describes an admin route: its tag, summary, body, success answer and the errors it may give.</summary>
    public static TBuilder Describe<TBuilder>(
        this TBuilder builder, string tag, string summary, Type? request, Type response, int status, params int[] errors)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithTags(tag).WithSummary(summary);
        if (request is not null)
        {
            builder.WithMetadata(new AdminBodyMetadata(request));
        }

        builder.WithMetadata(new ProducesResponseTypeMetadata(status, response, ["application/json"]));
        foreach (var error in errors.Prepend(StatusCodes.Status401Unauthorized).Prepend(StatusCodes.Status403Forbidden).Order())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(error, typeof(AdminErrorResponse), ["application/json"]));
        }

        return builder;
    }

    public static TBuilder Query<TBuilder>(this TBuilder builder, string name, JsonSchemaType type, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdminQueryParameter(name, type, description));
}

/// <summary>A query parameter an admin handler reads from the request itself, for the document.</summary>
public sealed record AdminQueryParameter(string Name, JsonSchemaType Type, string Description);

/// <summary>
/// The JSON body an admin route takes, for the document only: not <c>IAcceptsMetadata</c>, which would make routing
/// refuse bodies sent without <c>Content-Type: application/json</c> (the handlers read any body as JSON).
/// </summary>
public sealed record AdminBodyMetadata(Type RequestType);
