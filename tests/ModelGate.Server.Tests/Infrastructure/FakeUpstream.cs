using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>
/// A provider on real loopback HTTP that speaks OpenAI's chat completions wire format as each test scripts it,
/// and records what the gateway sent.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeUpstream(WebApplication app) => this.app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers each request; the default returns <see cref="OpenAiWire.Completion"/>.</summary>
    public Func<HttpContext, RecordedRequest, Task> Handler { get; set; } =
        (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("Hi from upstream"));

    /// <summary>Completes when the gateway closes a request's connection before the upstream finished it.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The OpenAI-style base URL (<c>…/v1</c>).</summary>
    public string BaseUrl => Root + "/v1";

    /// <summary>Scheme, host and port, for providers whose paths do not start with /v1.</summary>
    public string Root => app.Urls.First();

    public RecordedRequest LastRequest => Requests.Last();

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Map("/{**path}", upstream.HandleAsync);
        await app.StartAsync();
        return upstream;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body.ToArray());
        Requests.Enqueue(recorded);
        context.RequestAborted.Register(() => Aborted.TrySetResult());
        try
        {
            await Handler(context, recorded);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}
