using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Admin;

/// <summary>A gateway with mock models and its own database (beside its temporary config file), and admin API helpers.</summary>
public abstract class AdminTestBase : IAsyncLifetime
{
    protected TestGateway Gateway { get; private set; } = null!;

    /// <summary>The gateway's YAML: by default three mock models without prices.</summary>
    protected virtual string Config => """
        providers:
          demo: { type: mock }
        models:
          demo:
            deployments: [{ provider: demo, model: echo }]
          demo-large:
            deployments: [{ provider: demo, model: echo-large, region: eu, tags: [big] }]
          other:
            deployments: [{ provider: demo, model: other }]
        """;

    public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync(Config);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();

    protected async Task<(HttpStatusCode Status, JsonNode Body, string Text)> SendAsync(
        HttpMethod method, string path, object? body = null, string key = TestGateway.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = body is string text ? ChatBodies.Json(text) : JsonContent.Create(body);
        }

        using var response = await Gateway.Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, content.Length == 0 ? new JsonObject() : JsonNode.Parse(content)!, content);
    }

    protected Task<(HttpStatusCode Status, JsonNode Body, string Text)> PostAsync(string path, object? body = null, string key = TestGateway.MasterKey) =>
        SendAsync(HttpMethod.Post, path, body ?? new { }, key);

    protected Task<(HttpStatusCode Status, JsonNode Body, string Text)> GetAsync(string path, string key = TestGateway.MasterKey) =>
        SendAsync(HttpMethod.Get, path, null, key);

    /// <summary>Creates a key and returns its id and its secret.</summary>
    protected async Task<(string Id, string Secret)> CreateKeyAsync(object body, string key = TestGateway.MasterKey)
    {
        var (status, json, text) = await PostAsync("/admin/keys", body, key);
        Assert.True(status == HttpStatusCode.Created, text);
        return (json["id"]!.GetValue<string>(), json["key"]!.GetValue<string>());
    }

    protected async Task<string> CreateTeamAsync(object body)
    {
        var (status, json, text) = await PostAsync("/admin/teams", body);
        Assert.True(status == HttpStatusCode.Created, text);
        return json["id"]!.GetValue<string>();
    }

    /// <summary>A chat call with <paramref name="key"/>: the status and the error code, if any.</summary>
    protected async Task<(HttpStatusCode Status, string? Code)> ChatAsync(string key, string model = "demo")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple(model)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var code = response.IsSuccessStatusCode ? null : JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetString();
        return (response.StatusCode, code);
    }

    protected static void AssertError(HttpStatusCode expected, string code, string? param, (HttpStatusCode Status, JsonNode Body, string Text) response)
    {
        Assert.True(response.Status == expected, response.Text);
        Assert.Equal(code, response.Body["error"]!["code"]!.GetValue<string>());
        Assert.Equal(param, response.Body["error"]!["param"]?.GetValue<string>());
    }
}
