using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Responses;
using ModelGate.Providers.Ingress.Responses;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The routes on one stored response: <c>GET /v1/responses/{id}</c>, <c>DELETE /v1/responses/{id}</c>,
/// <c>POST /v1/responses/{id}/cancel</c> and <c>GET /v1/responses/{id}/input_items</c>. Only the key that created a
/// response, or the master key, sees it; for any other key it does not exist (404, as for an unknown id). A response
/// passed through to OpenAI lives there: its routes go to the same route of the provider that holds it.
/// </summary>
public sealed class StoredResponsesEndpoints(GatewayState state, IResponseStore store)
{
    public Task GetAsync(HttpContext context, string id) => WithResponseAsync(context, id, (stored, cancellation) =>
    {
        // A stored response is finished: there is nothing left to stream, and replaying events is not kept.
        // (One OpenAI keeps is fetched whole too: the gateway relays its answer at once.)
        return IsTrue(context.Request.Query["stream"])
            ? Task.FromResult<GatewayError?>(ResponsesErrors.Unsupported("stream", "a stored response is returned whole; send stream=false."))
            : stored.PassedThrough
                ? ForwardAsync(context, stored, HttpMethod.Get, "", cancellation)
                : WriteJsonAsync(context, stored.Response);
    });

    public Task DeleteAsync(HttpContext context, string id) => WithResponseAsync(context, id, async (stored, cancellation) =>
    {
        if (stored.PassedThrough)
        {
            // OpenAI's answer is the client's; the gateway forgets the response once OpenAI has.
            var forwarded = await ForwardAsync(context, stored, HttpMethod.Delete, "", cancellation);
            if (forwarded is null && context.Response.StatusCode is >= 200 and < 300 or 404)
            {
                await store.DeleteAsync(stored.Id, CancellationToken.None);
            }

            return forwarded;
        }

        if (!await store.DeleteAsync(stored.Id, cancellation))
        {
            return ResponsesErrors.NotFound(id);
        }

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, ErrorResponse.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", stored.Id);
            writer.WriteString("object", "response");
            writer.WriteBoolean("deleted", true);
            writer.WriteEndObject();
        }

        return await WriteJsonAsync(context, json.ToArray());
    });

    /// <summary>
    /// OpenAI cancels only background responses. The gateway makes none itself (it refuses <c>background</c> on
    /// translated requests); one OpenAI keeps is cancelled by OpenAI.
    /// </summary>
    public Task CancelAsync(HttpContext context, string id) => WithResponseAsync(context, id, (stored, cancellation) =>
        stored.PassedThrough
            ? ForwardAsync(context, stored, HttpMethod.Post, "/cancel", cancellation)
            : Task.FromResult<GatewayError?>(ResponsesErrors.NotCancellable()));

    public Task InputItemsAsync(HttpContext context, string id) => WithResponseAsync(context, id, (stored, cancellation) =>
    {
        if (stored.PassedThrough)
        {
            return ForwardAsync(context, stored, HttpMethod.Get, "/input_items", cancellation);
        }

        var query = context.Request.Query;
        if (!TryReadPage(query, out var limit, out var ascending, out var error))
        {
            return Task.FromResult<GatewayError?>(error);
        }

        var history = ResponsesHistory.Deserialize(stored.History.Span);
        var (offset, count) = stored.Input.GetOffsetAndLength(history.Count);
        var after = query["after"].ToString();
        var page = ResponseInputItemList.Page(history.GetRange(offset, count), stored.Id, after.Length > 0 ? after : null, limit, ascending);
        return WriteJsonAsync(context, page);
    });

    private async Task WithResponseAsync(HttpContext context, string id, Func<StoredResponse, CancellationToken, Task<GatewayError?>> handle)
    {
        var caller = ResponsesCaller.Authenticate(context, state.Current.Keys, out var error);
        if (caller is not null)
        {
            error = caller.Visible(await store.GetAsync(id, context.RequestAborted)) is { } stored
                ? await handle(stored, context.RequestAborted)
                : ResponsesErrors.NotFound(id);
        }

        if (error is not null)
        {
            await ErrorResponse.WriteAsync(context, error);
        }
    }

    /// <summary>
    /// The same route on the provider of the deployment that holds a passed-through response, with the client's query;
    /// its answer (status, media type, body) is relayed as it came, errors included.
    /// </summary>
    private async Task<GatewayError?> ForwardAsync(HttpContext context, StoredResponse stored, HttpMethod method, string action, CancellationToken cancellation)
    {
        var snapshot = state.Current;
        var held = stored.Deployment ?? "";
        var provider = snapshot.Config.Providers.Keys.FirstOrDefault(name => held.StartsWith(name + "/", StringComparison.Ordinal));
        if (provider is null || snapshot.Providers[provider] is not IOpenAiResponsesProvider openAi)
        {
            return GatewayErrors.Upstream(held, "the deployment that holds this response is no longer configured on an 'openai' provider");
        }

        var path = $"responses/{Uri.EscapeDataString(stored.Id)}{action}";
        var answer = await openAi.ForwardAsync(method, path, context.Request.QueryString.Value ?? "", RequestId.Of(context), cancellation);
        if (answer.Failure is { } failure)
        {
            return failure;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType ?? "application/json";
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.BodyWriter.WriteAsync(answer.Body, cancellation);
        return null;
    }

    private static async Task<GatewayError?> WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> json)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.BodyWriter.WriteAsync(json, context.RequestAborted);
        return null;
    }

    private static bool TryReadPage(IQueryCollection query, out int limit, out bool ascending, out GatewayError? error)
    {
        (limit, ascending, error) = (ResponseInputItemList.DefaultLimit, false, null);
        if (query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ResponseInputItemList.MaxLimit))
        {
            error = GatewayErrors.InvalidValue("limit", $"must be a whole number from 1 to {ResponseInputItemList.MaxLimit}.");
            return false;
        }

        switch (query["order"].ToString())
        {
            case "" or "desc":
                return true;
            case "asc":
                ascending = true;
                return true;
            default:
                error = GatewayErrors.InvalidValue("order", "must be 'asc' or 'desc'.");
                return false;
        }
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && (value.ToString() is "true" or "1" or "True");
}
