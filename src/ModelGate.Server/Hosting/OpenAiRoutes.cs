namespace ModelGate.Server.Hosting;

/// <summary>
/// OpenAI's routes are served under <c>/v1</c> and also without it, as aliases of the same handler: clients whose
/// base URL lacks <c>/v1</c> call <c>/chat/completions</c>, <c>/embeddings</c>, <c>/models</c> (docs/api.md).
/// </summary>
public static class OpenAiRoutes
{
    public const string Prefix = "/v1";

    /// <param name="path">The route without the prefix, e.g. <c>/chat/completions</c>.</param>
    public static void MapOpenAiPost(this IEndpointRouteBuilder app, string path, Delegate handler)
    {
        app.MapPost(Prefix + path, handler);
        app.MapPost(path, handler);
    }

    /// <param name="path">The route without the prefix, e.g. <c>/models</c>.</param>
    public static void MapOpenAiGet(this IEndpointRouteBuilder app, string path, Delegate handler)
    {
        app.MapGet(Prefix + path, handler);
        app.MapGet(path, handler);
    }
}
