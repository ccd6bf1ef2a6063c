using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelGate.Core.Errors;
using ModelGate.Server.Http;

namespace ModelGate.Server.Admin;

/// <summary>JSON answers of the admin API; errors in OpenAI's shape like every other route.</summary>
internal static class AdminResponses
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, GatewayError error) => ErrorResponse.WriteAsync(context, error);

    /// <summary>A whole-number query parameter within bounds, or its default; a bad value is a 400 naming it.</summary>
    public static int? Int(HttpContext context, string name, int fallback, int min, int max, out GatewayError? error)
    {
        error = null;
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error = GatewayErrors.InvalidValue(name, $"must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>The <c>limit</c> of a list, or null once its 400 is written.</summary>
    public static async Task<int?> LimitAsync(HttpContext context)
    {
        var limit = Int(context, "limit", DefaultLimit, 1, MaxLimit, out var error);
        if (error is not null)
        {
            await ErrorAsync(context, error);
        }

        return limit;
    }

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is { Length: > 0 } text ? text : null;
}
