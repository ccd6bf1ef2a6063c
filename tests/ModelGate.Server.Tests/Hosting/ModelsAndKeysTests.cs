using System.Net;
using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Chat;

namespace ModelGate.Server.Tests.Hosting;

/// <summary>Static keys from config see and use only their models; health needs no key.</summary>
public sealed class ModelsAndKeysTests : IAsyncLifetime
{
    private const string RestrictedKey = "mg-restricted-key-aaaaaaaaaaaaaaaa";
    private TestGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await TestGateway.StartAsync($$"""
        keys:
          - { name: demo-only, key: {{RestrictedKey}}, models: [demo] }
        providers:
          demo: { type: mock }
          other: { type: mock }
        models:
          demo:
            deployments: [{ provider: demo, model: echo }]
          secret-model:
            deployments: [{ provider: other, model: echo }]
        """);

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Master_key_lists_every_model_in_openai_shape()
    {
        var models = gateway.Client().GetOpenAIModelClient();

        var list = (await models.GetModelsAsync()).Value;

        Assert.Equal(["demo", "secret-model"], list.Select(m => m.Id).ToArray());
        Assert.All(list, m => Assert.Equal("modelgate", m.OwnedBy));
        var raw = JsonDocument.Parse(await gateway.Http.GetStringAsync("v1/models")).RootElement;
        Assert.Equal("list", raw.GetProperty("object").GetString());
        Assert.Equal("model", raw.GetProperty("data")[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task Restricted_key_sees_and_uses_only_its_models()
    {
        var models = (await gateway.Client(RestrictedKey).GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Equal(["demo"], models.Select(m => m.Id).ToArray());

        ChatCompletion ok = await gateway.ChatClient("demo", RestrictedKey).CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("hi", ok.Content[0].Text);

        using var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", RestrictedKey);
        await ErrorTests.AssertErrorAsync(await client.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("secret-model"))), 404, "model_not_found");
        await ErrorTests.AssertErrorAsync(await client.GetAsync("v1/models/secret-model"), 404, "model_not_found");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v1/models/demo")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        var live = await anonymous.GetAsync("health/live");
        var ready = await anonymous.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }
}
