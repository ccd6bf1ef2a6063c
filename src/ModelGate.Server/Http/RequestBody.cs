using Microsoft.AspNetCore.Http.Features;
using ModelGate.Core.Errors;

namespace ModelGate.Server.Http;

/// <summary>Reads a request body whole, refusing it with 413 once it passes the configured limit.</summary>
public static class RequestBody
{
    public static async Task<(ReadOnlyMemory<byte> Body, GatewayError? Error)> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return (default, GatewayErrors.RequestTooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            if (request.ContentLength is { } length)
            {
                var buffer = new byte[length];
                await request.Body.ReadExactlyAsync(buffer, context.RequestAborted);
                return (buffer, null);
            }

            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, context.RequestAborted);
            return (copy.GetBuffer().AsMemory(0, (int)copy.Length), null);
        }
        catch (BadHttpRequestException e)
        {
            return (default, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GatewayErrors.RequestTooLarge(limit)
                : GatewayErrors.InvalidJson($"the body could not be read: {e.Message}"));
        }
        catch (EndOfStreamException)
        {
            return (default, GatewayErrors.InvalidJson("the body ended before its Content-Length"));
        }
    }
}
