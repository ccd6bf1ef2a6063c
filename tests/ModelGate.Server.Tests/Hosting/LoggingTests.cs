using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Hosting;

/// <summary>No key, the gateway's or a provider's, ever reaches a log line, whatever happens to the request.</summary>
public sealed class LoggingTests
{
    private const string ClientKey = "mg-client-secret-key-7e3b9a51c2d4";

    [Fact]
    public async Task Keys_never_appear_in_logs()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var yaml = $"keys:\n  - {{ name: app, key: {ClientKey} }}\n" + UpstreamConfig.For(upstream.BaseUrl);
        await using var gateway = await TestGateway.StartAsync(yaml);
        using var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ClientKey);
        var failures = new Queue<int>([500, 401, 400, 429]);
        upstream.Handler = (context, _) => failures.TryDequeue(out var status)
            ? OpenAiWire.WriteJsonAsync(context, status, OpenAiWire.Error("no", "server_error", null, null))
            : OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("fine"));

        for (var i = 0; i < 5; i++)
        {
            await client.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt", stream: i % 2 == 0)));
        }

        await client.PostAsync("v1/chat/completions", ChatBodies.Json("{broken"));
        using var wrongKey = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", ClientKey + "x");
        await wrongKey.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));
        await gateway.Http.GetAsync("v1/models");

        var logs = gateway.Logs.All;
        Assert.Contains("chat ", logs); // the request log is being captured at all
        Assert.DoesNotContain(ClientKey, logs);
        Assert.DoesNotContain(TestGateway.MasterKey, logs);
        Assert.DoesNotContain(UpstreamConfig.ProviderKey, logs);
    }
}
