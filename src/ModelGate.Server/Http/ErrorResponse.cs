using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Server.Http;

/// <summary>Writes a <see cref="GatewayError"/> in OpenAI's error shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class ErrorResponse
{
    /// <summary>JSON bodies, never HTML: quotes and apostrophes in messages stay readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        SetRetryAfter(response, error);
        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            WriteObject(writer, error);
        }

        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    /// <summary>When a 429 or 503 comes with no known wait (a provider that sent none): every such answer carries one.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Sends <c>retry-after</c> in whole seconds, rounded up, when the error has a wait, and on every 429 and 503.</summary>
    public static void SetRetryAfter(HttpResponse response, GatewayError error)
    {
        if ((error.RetryAfter ?? (error.Status is 429 or 503 ? DefaultRetryAfter : null)) is { } retryAfter)
        {
            var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The <c>{"error":{...}}</c> object alone, also used as the in-band event of a broken stream.</summary>
    public static void WriteObject(Utf8JsonWriter writer, GatewayError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.Type);
        writer.WriteString("param", error.Param);
        writer.WriteString("code", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
