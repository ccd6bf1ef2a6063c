using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Responses;
using ModelGate.Providers.Ingress.Responses;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The routes on one stored response: <c>GET /v1/responses/{id}</c>, <c>DELETE /v1/responses/{id}</c>,
/// <c>POST /v1/responses/{id}/cancel</c> and <c>GET /v1/responses/{id}/input_items</c>. Only the key that created a
/// response, or the master key, sees it; for any other key it does not exist (404, as for an unknown id).
/// </summary>
public sealed class StoredResponsesEndpoints(GatewayState state, IResponseStore store)
{
    public Task GetAsync(HttpContext context, string id) => WithResponseAsync(context, id, (stored, _) =>
    {
        // A stored response is finished: there is nothing left to stream, and replaying events is not kept.
        return IsTrue(context.Request.Query["stream"])
            ? Task.FromResult<GatewayError?>(ResponsesErrors.Unsupported("stream", "a stored response is returned whole; send stream=false."))
            : WriteJsonAsync(context, stored.Response);
    });

    public Task DeleteAsync(HttpContext context, string id) => WithResponseAsync(context, id, async (stored, cancellation) =>
    {
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

    /// <summary>OpenAI cancels only background responses; the gateway refuses <c>background</c>, so none can be.</summary>
    public Task CancelAsync(HttpContext context, string id) =>
        WithResponseAsync(context, id, (_, _) => Task.FromResult<GatewayError?>(ResponsesErrors.NotCancellable()));

    public Task InputItemsAsync(HttpContext context, string id) => WithResponseAsync(context, id, (stored, _) =>
    {
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
