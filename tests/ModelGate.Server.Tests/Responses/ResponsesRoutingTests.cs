using System.Net.Http.Json;
using System.Text.Json;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Responses;

/// <summary>A follow-up goes first to the deployment that answered the turn it continues; the store is bounded.</summary>
public sealed class ResponsesRoutingTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await TestGateway.StartAsync($"""
            routing:
              retries: {"{"} max: 0 {"}"}
              cooldown: {"{"} failures: 100 {"}"}
            responses:
              max_stored: 2
            providers:
              up:
                type: openai-compatible
                base_url: {upstream.BaseUrl}
                api_key: sk-upstream
            models:
              two:
                deployments:
                  - {"{"} provider: up, model: first-choice {"}"}
                  - {"{"} provider: up, model: second-choice {"}"}
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task Follow_up_goes_first_to_the_deployment_that_answered_before()
    {
        var firstChoiceDown = true;
        upstream.Handler = (context, request) => request.Json.GetProperty("model").GetString() == "first-choice" && firstChoiceDown
            ? OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("broken", "server_error", null, null))
            : OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("ok", request.Json.GetProperty("model").GetString()!));

        var first = await CreateAsync(new { model = "two", input = "hello" });
        Assert.Equal("second-choice", first.GetProperty("model").GetString());

        firstChoiceDown = false;
        var second = await CreateAsync(new { model = "two", input = "again", previous_response_id = first.GetProperty("id").GetString() });
        Assert.Equal("second-choice", second.GetProperty("model").GetString());

        // Without a previous response the model's own order applies again.
        var fresh = await CreateAsync(new { model = "two", input = "new" });
        Assert.Equal("first-choice", fresh.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Store_keeps_at_most_max_stored_responses_evicting_the_oldest()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync(new { model = "two", input = $"turn {i}" })).GetProperty("id").GetString()!);
        }

        using var oldest = await gateway.Http.GetAsync($"v1/responses/{ids[0]}");
        Assert.Equal(404, (int)oldest.StatusCode);
        foreach (var id in ids[1..])
        {
            Assert.Equal(id, (await gateway.Http.GetFromJsonAsync<JsonElement>($"v1/responses/{id}")).GetProperty("id").GetString());
        }
    }

    private async Task<JsonElement> CreateAsync(object body)
    {
        using var response = await gateway.Http.PostAsync("v1/responses", ResponsesStoreTests.Json(body));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }
}
