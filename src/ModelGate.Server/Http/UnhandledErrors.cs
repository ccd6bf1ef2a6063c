using ModelGate.Core.Errors;

namespace ModelGate.Server.Http;

/// <summary>
/// Last line of defence: an unexpected exception becomes a 500 in the API's shape with the request id, and the
/// exception goes to the log under that id. A client never sees a stack trace.
/// </summary>
public static partial class UnhandledErrors
{
    public static IApplicationBuilder UseUnhandledErrors(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ModelGate.Server.UnhandledErrors");
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                LogUnhandled(logger, e, RequestId.Of(context));
                if (context.Response.HasStarted)
                {
                    // Part of an answer went out: cut the connection, so the client cannot take it for a whole one.
                    context.Abort();
                }
                else
                {
                    context.Response.Clear();
                    context.Response.Headers[RequestId.Header] = RequestId.Of(context);
                    await WriteAsync(context, GatewayErrors.Internal());
                }
            }
        });
    }

    /// <summary>Answers routing's bare 404 and 405 with errors in the API's shape.</summary>
    public static IApplicationBuilder UseApiStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(status =>
        {
            var context = status.HttpContext;
            var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "/");
            return context.Response.StatusCode switch
            {
                404 => WriteAsync(context, GatewayErrors.UnknownUrl(method, path)),
                405 => WriteAsync(context, GatewayErrors.MethodNotAllowed(method, path)),
                _ => Task.CompletedTask,
            };
        });

    /// <summary>In the shape of the API the path belongs to: Anthropic's on the Messages API's routes, OpenAI's elsewhere.</summary>
    private static Task WriteAsync(HttpContext context, GatewayError error) =>
        MessagesErrorResponse.Owns(context.Request.Path) ? MessagesErrorResponse.WriteAsync(context, error) : ErrorResponse.WriteAsync(context, error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
