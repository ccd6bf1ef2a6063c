using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{model}</c> in OpenAI's shape, showing only what the caller may use.</summary>
public static class ModelsEndpoints
{
    public const string OwnedBy = "modelgate";

    public static async Task ListAsync(HttpContext context, GatewayState state)
    {
        var snapshot = state.Current;
        var principal = BearerKey.Authenticate(context, snapshot.Keys, out var error);
        if (principal is null)
        {
            await ErrorResponse.WriteAsync(context, error!);
            return;
        }

        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var name in snapshot.Config.Models.Keys.Where(principal.MayUse).Order(StringComparer.Ordinal))
            {
                WriteModel(writer, name, snapshot.LoadedAt);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task GetAsync(HttpContext context, GatewayState state, string model)
    {
        var snapshot = state.Current;
        var principal = BearerKey.Authenticate(context, snapshot.Keys, out var error);
        if (principal is null || !principal.MayUse(model) || !snapshot.Config.Models.ContainsKey(model))
        {
            await ErrorResponse.WriteAsync(context, error ?? GatewayErrors.ModelNotFound(model));
            return;
        }

        await WriteJsonAsync(context, writer => WriteModel(writer, model, snapshot.LoadedAt));
    }

    private static void WriteModel(Utf8JsonWriter writer, string name, DateTimeOffset created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", name);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", created.ToUnixTimeSeconds());
        writer.WriteString("owned_by", OwnedBy);
        writer.WriteEndObject();
    }

    private static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            write(writer);
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
