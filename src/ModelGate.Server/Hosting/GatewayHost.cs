using System.Net;
using ModelGate.Core.Configuration;
using ModelGate.Core.RateLimiting;
using ModelGate.Core.Responses;
using ModelGate.Core.Routing;
using ModelGate.Providers;
using ModelGate.Providers.Http;
using ModelGate.Server.Admin;
using ModelGate.Server.Endpoints;
using ModelGate.Server.Http;
using ModelGate.Server.Spend;

namespace ModelGate.Server.Hosting;

/// <summary>Builds the gateway's web host from a validated config: services, the middleware order and the routes.</summary>
public static class GatewayHost
{
    public sealed record Options(string ConfigPath, GatewayConfig Config)
    {
        /// <summary>Where the generated master key is printed; the console unless a test captures it.</summary>
        public TextWriter Console { get; init; } = System.Console.Out;

        /// <summary>Replaces the console log providers (tests capture log lines with it).</summary>
        public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
    }

    public static WebApplication Build(Options options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        ConfigureLogging(builder.Logging, options.ConfigureLogging);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // enforced per request from the live config
        });

        var masterKey = new MasterKey(options.Console);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<UpstreamHttp>();
        services.AddSingleton<ProviderFactory>();
        services.AddSingleton(masterKey);
        services.AddSingleton<SnapshotBuilder>();
        services.AddSingleton(provider => new GatewayState(provider.GetRequiredService<SnapshotBuilder>().Build(options.Config)));
        services.AddSingleton(new ConfigLoader(EnvInterpolator.FromProcess()));
        services.AddSingleton(new ConfigFile(options.ConfigPath));
        services.AddHostedService<ConfigReloader>();
        services.AddSingleton<IDeploymentHealth>(provider => new InMemoryDeploymentHealth(
            () => provider.GetRequiredService<GatewayState>().Current.Config.Routing.Cooldown, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RetryBudget>();
        services.AddSingleton<ChatAttempt>();
        services.AddSingleton<IRateLimiter>(provider => new InMemoryRateLimiter(provider.GetRequiredService<TimeProvider>()));
        services.AddSpend();
        services.AddSingleton<AttemptLoop>();
        services.AddSingleton<ChatCompletionsEndpoint>();
        services.AddSingleton<MessagesEndpoint>();
        services.AddSingleton<IResponseStore>(provider => new InMemoryResponseStore(
            () => provider.GetRequiredService<GatewayState>().Current.Config.Responses.MaxStored));
        services.AddSingleton<ResponsesEndpoint>().AddSingleton<StoredResponsesEndpoints>();
        services.AddSingleton<CompletionsEndpoint>();
        services.AddSingleton<EmbeddingsProviders>().AddSingleton<EmbeddingsAttempt>().AddSingleton<EmbeddingsEndpoint>();
        services.AddGovernance(options.ConfigPath, options.Config);

        var app = builder.Build();
        _ = app.Services.GetRequiredService<GatewayState>(); // builds the first snapshot now, so a generated key prints at start
        app.Urls.Add(ListenAddress(options.Config.Server.Listen, masterKey.IsGenerated, app.Logger));

        app.UseRequestId();
        app.UseUnhandledErrors();
        app.UseApiStatusPages();
        MapRoutes(app);
        app.StartGovernance();
        return app;
    }

    private static void MapRoutes(WebApplication app)
    {
        var chat = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        app.MapOpenAiPost("/chat/completions", chat.HandleAsync);
        app.MapOpenAiPost("/completions", app.Services.GetRequiredService<CompletionsEndpoint>().HandleAsync);
        app.MapOpenAiPost("/embeddings", app.Services.GetRequiredService<EmbeddingsEndpoint>().HandleAsync);
        app.MapOpenAiGet("/models", ModelsEndpoints.ListAsync);
        app.MapOpenAiGet("/models/{model}", ModelsEndpoints.GetAsync);
        var responses = app.Services.GetRequiredService<ResponsesEndpoint>();
        var stored = app.Services.GetRequiredService<StoredResponsesEndpoints>();
        app.MapPost("/v1/responses", responses.HandleAsync);
        app.MapGet("/v1/responses/{id}", stored.GetAsync);
        app.MapDelete("/v1/responses/{id}", stored.DeleteAsync);
        app.MapPost("/v1/responses/{id}/cancel", stored.CancelAsync);
        app.MapGet("/v1/responses/{id}/input_items", stored.InputItemsAsync);
        var messages = app.Services.GetRequiredService<MessagesEndpoint>();
        app.MapPost("/v1/messages", messages.HandleAsync);
        app.MapPost("/v1/messages/count_tokens", messages.HandleCountTokensAsync);
        app.MapGet(OpenApiEndpoint.Path, OpenApiEndpoint.GetAsync);
        app.MapGet("/health/live", HealthEndpoints.Live);
        app.MapGet("/health/ready", HealthEndpoints.Ready);
    }

    /// <summary>With a generated master key the gateway refuses to be reachable from other machines.</summary>
    private static string ListenAddress(Uri listen, bool generatedKey, ILogger logger)
    {
        var loopback = listen.IsLoopback || (IPAddress.TryParse(listen.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!generatedKey || loopback)
        {
            return listen.GetLeftPart(UriPartial.Authority);
        }

        logger.LogWarning("No master key is configured, so the gateway listens on 127.0.0.1 instead of {Host}", listen.Host);
        return $"{listen.Scheme}://127.0.0.1:{listen.Port}";
    }

    private static void ConfigureLogging(ILoggingBuilder logging, Action<ILoggingBuilder>? custom)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("MODELGATE_LOG_LEVEL"), ignoreCase: true, out var level)
            ? level
            : LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        if (custom is not null)
        {
            custom(logging);
            return;
        }

        if (Environment.GetEnvironmentVariable("MODELGATE_LOG_FORMAT") == "json")
        {
            logging.AddJsonConsole(json => json.UseUtcTimestamp = true);
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
