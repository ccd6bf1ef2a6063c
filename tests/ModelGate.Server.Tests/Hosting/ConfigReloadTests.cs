using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Hosting;

/// <summary>Editing the config file changes what is served without a restart; a bad edit changes nothing.</summary>
public sealed class ConfigReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const string Base = """
        providers:
          demo: { type: mock, chunks: 6, chunk_delay_ms: 150 }
        models:
          demo:
            deployments: [{ provider: demo, model: echo }]
        """;

    [Fact]
    public async Task A_valid_edit_is_served_and_in_flight_streams_finish()
    {
        await using var gateway = await TestGateway.StartAsync(Base);
        var original = await File.ReadAllTextAsync(gateway.ConfigPath);
        using var inFlight = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("demo", stream: true)) };
        var slowStream = await gateway.Http.SendAsync(inFlight, HttpCompletionOption.ResponseHeadersRead);

        await File.WriteAllTextAsync(gateway.ConfigPath, original + "\n  added:\n    deployments: [{ provider: demo, model: echo }]\n");
        await WaitUntilAsync(async () => (await gateway.Http.GetStringAsync("v1/models")).Contains("\"added\""));

        var events = ChatBodies.SseData(await slowStream.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("Hello", string.Concat(events.SkipLast(1).Select(ContentOf)));
        var added = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("added")));
        Assert.Equal(200, (int)added.StatusCode);
    }

    [Fact]
    public async Task An_invalid_edit_is_logged_and_the_old_config_stays()
    {
        await using var gateway = await TestGateway.StartAsync(Base);

        var original = await File.ReadAllTextAsync(gateway.ConfigPath);
        await File.WriteAllTextAsync(gateway.ConfigPath, original.Replace("type: mock", "type: not-a-provider"));
        await WaitUntilAsync(() => Task.FromResult(gateway.Logs.All.Contains("providers.demo.type")));

        Assert.Contains("Config reload rejected", gateway.Logs.All);
        var response = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("demo")));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_provider_that_cannot_be_built_is_rejected_and_the_gateway_keeps_serving()
    {
        await using var gateway = await TestGateway.StartAsync(Base);

        var original = await File.ReadAllTextAsync(gateway.ConfigPath);
        await File.WriteAllTextAsync(gateway.ConfigPath, original.Replace("providers:",
            "providers:\n  aws: { type: bedrock, region: \"us east-1\", access_key_id: AKID, secret_access_key: secret }"));
        await WaitUntilAsync(() => Task.FromResult(gateway.Logs.All.Contains("providers.aws")));

        var response = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("demo")));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Removing_the_master_key_while_running_is_rejected()
    {
        await using var gateway = await TestGateway.StartAsync(Base);

        var original = await File.ReadAllTextAsync(gateway.ConfigPath);
        await File.WriteAllTextAsync(gateway.ConfigPath, original.Replace($"master_key: {TestGateway.MasterKey}", "master_key: \"\""));
        await WaitUntilAsync(() => Task.FromResult(gateway.Logs.All.Contains("server.master_key")));

        var response = await gateway.Http.GetAsync("v1/models");
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static string ContentOf(string chunk)
    {
        var delta = System.Text.Json.JsonDocument.Parse(chunk).RootElement.GetProperty("choices")[0].GetProperty("delta");
        return delta.TryGetProperty("content", out var content) ? content.GetString() ?? "" : "";
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
