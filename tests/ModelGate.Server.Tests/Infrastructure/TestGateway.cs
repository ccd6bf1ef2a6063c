using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using ModelGate.Core.Configuration;
using ModelGate.Server.Hosting;
using OpenAI;
using OpenAI.Chat;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>The real gateway host on a loopback port, configured from YAML written to a temporary file.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string MasterKey = "mg-test-master-key-0123456789abcdef";

    private readonly WebApplication app;

    private TestGateway(WebApplication app, string configPath, CapturedLogs logs)
    {
        this.app = app;
        ConfigPath = configPath;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
    }

    public string BaseUrl => app.Urls.First();

    public string ConfigPath { get; }

    /// <summary>The host's services (its endpoint data sources, for tests that list the routes).</summary>
    public IServiceProvider Services => app.Services;

    public CapturedLogs Logs { get; }

    /// <summary>Sends the master key by default.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Starts a gateway. <paramref name="yaml"/> holds providers, models and keys; a <c>server:</c> block with a
    /// loopback port 0 listen address and the test master key is added unless the YAML has its own.
    /// </summary>
    public static async Task<TestGateway> StartAsync(string yaml)
    {
        if (!yaml.Contains("server:", StringComparison.Ordinal))
        {
            yaml = $"server:\n  listen: http://127.0.0.1:0\n  master_key: {MasterKey}\n{yaml}";
        }

        var path = Path.Combine(Path.GetTempPath(), $"modelgate-test-{Guid.NewGuid():N}", "modelgate.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, yaml);
        var result = new ConfigLoader(EnvInterpolator.FromProcess()).LoadFile(path);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var logs = new CapturedLogs();
        var app = GatewayHost.Build(new GatewayHost.Options(path, result.Config!)
        {
            Console = TextWriter.Null,
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs),
        });
        await app.StartAsync();
        return new TestGateway(app, path, logs);
    }

    /// <summary>An official OpenAI SDK chat client pointed at the gateway, with the SDK's own retries off.</summary>
    public ChatClient ChatClient(string model, string key = MasterKey) =>
        new(model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public OpenAIClient Client(string key = MasterKey) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(ConfigPath)!, recursive: true);
    }
}
