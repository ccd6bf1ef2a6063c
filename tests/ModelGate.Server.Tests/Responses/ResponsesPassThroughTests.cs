using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Responses;

namespace ModelGate.Server.Tests.Responses;

#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental

/// <summary>
/// OpenAI Responses in, OpenAI Responses out: on an <c>openai</c> provider the client's bytes reach
/// <c>/v1/responses</c> with only <c>model</c> rewritten and the answer comes back untouched; OpenAI keeps the response,
/// and its routes and follow-ups go back to the deployment that holds it. Other providers still get a translation.
/// </summary>
public sealed class ResponsesPassThroughTests : IAsyncLifetime
{
    private const string OtherKey = "mg-test-other-key-0123456789abcd";

    // Codex's freeform apply_patch tool and a reasoning item with OpenAI's encrypted content: no translation carries them.
    private static string CodexBody(string model, bool stream = false) => $$$"""
        {"model":"{{{model}}}","instructions":"You are a coding agent.",
         "input":[{"type":"reasoning","id":"rs_01","summary":[],"encrypted_content":"gAAAAABo-opaque-blob=="},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Patch it"}]}],
         "tools":[{"type":"custom","name":"apply_patch","description":"Apply a patch","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}},
                  {"type":"local_shell"}],
         "include":["reasoning.encrypted_content"],"reasoning":{"effort":"medium","summary":"auto"},
         "prompt_cache_key":"session-1","stream":{{{(stream ? "true" : "false")}}},"future_field":{"kept":true}}
        """;

    private readonly OpenAiResponsesUpstream openAi = new();
    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        upstream.Handler = openAi.HandleAsync;
        gateway = await TestGateway.StartAsync($$"""
            routing:
              retries: { max: 0 }
            providers:
              openai: { type: openai, base_url: "{{upstream.Root}}/a/v1", api_key: sk-a }
              openai-b: { type: openai, base_url: "{{upstream.Root}}/b/v1", api_key: sk-b }
              compat: { type: openai-compatible, base_url: "{{upstream.Root}}/c/v1", api_key: sk-c }
            models:
              gpt:
                deployments: [{ provider: openai, model: gpt-5 }]
              pair:
                deployments: [{ provider: openai, model: gpt-5 }, { provider: openai-b, model: gpt-5 }]
              mixed:
                deployments: [{ provider: openai, model: gpt-5 }, { provider: compat, model: gpt-4o-mini }]
              compat-only:
                deployments: [{ provider: compat, model: gpt-4o-mini }]
            keys:
              - { name: other, key: {{OtherKey}} }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    private ResponsesClient Client(string key = TestGateway.MasterKey) =>
        new(new ApiKeyCredential(key), new ResponsesClientOptions
        {
            Endpoint = new Uri(gateway.BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    private static BinaryContent Json(string json) => BinaryContent.Create(BinaryData.FromString(json));

    private Task<HttpResponseMessage> PostAsync(string json) =>
        gateway.Http.PostAsync("v1/responses", new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));

    private List<RecordedRequest> Sent(string path) => upstream.Requests.Where(r => r.Path == path).ToList();

    [Fact]
    public async Task The_body_reaches_openai_unchanged_but_for_the_model_and_the_answer_comes_back_unchanged()
    {
        var result = await Client().CreateResponseAsync(Json(CodexBody("gpt")));

        Assert.Equal(CodexBody("gpt-5"), Assert.Single(Sent("/a/v1/responses")).BodyText);
        Assert.Equal("Bearer sk-a", upstream.LastRequest.Headers["authorization"]);
        Assert.Equal(openAi.LastAnswer, result.GetRawResponse().Content.ToString());
        Assert.Equal("openai/gpt-5", result.GetRawResponse().Headers.TryGetValue("x-modelgate-deployment", out var deployment) ? deployment : null);
        using var parsed = JsonDocument.Parse(result.GetRawResponse().Content);
        Assert.Equal("resp_up1", parsed.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_sdk_reads_a_passed_through_response_and_its_usage_is_logged()
    {
        ResponseResult response = await Client().CreateResponseAsync("gpt", "Patch it");

        Assert.Equal(OpenAiResponsesUpstream.Text, response.GetOutputText());
        Assert.Equal("resp_up1", response.Id);
        Assert.Equal(OpenAiResponsesUpstream.CachedTokens, response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(OpenAiResponsesUpstream.ReasoningTokens, response.Usage.OutputTokenDetails.ReasoningTokenCount);
        var logged = gateway.Logs.Lines.Single(line => line.Contains("ResponsesRequest", StringComparison.Ordinal) || line.Contains("responses req", StringComparison.Ordinal));
        Assert.Contains($"prompt_tokens={OpenAiResponsesUpstream.InputTokens}", logged);
        Assert.Contains($"completion_tokens={OpenAiResponsesUpstream.OutputTokens}", logged);
    }

    [Fact]
    public async Task A_stream_is_relayed_byte_for_byte_and_the_sdk_reads_it()
    {
        using var raw = await PostAsync(CodexBody("gpt", stream: true));

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(openAi.LastAnswer, await raw.Content.ReadAsStringAsync());
        Assert.Equal(CodexBody("gpt-5", stream: true), Sent("/a/v1/responses")[^1].BodyText);

        var deltas = new List<string>();
        ResponseResult? completed = null;
        var options = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Patch it")]) { StreamingEnabled = true };
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal(["Patch", "ed."], deltas);
        Assert.Equal(OpenAiResponsesUpstream.Text, completed!.GetOutputText());
        Assert.Contains(gateway.Logs.Lines, line => line.Contains($"prompt_tokens={OpenAiResponsesUpstream.InputTokens}", StringComparison.Ordinal)
            && line.Contains("outcome=ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_follow_up_stays_on_the_deployment_that_holds_the_response_with_previous_response_id_kept()
    {
        openAi.Failing["/a"] = true; // the first answer comes from the second deployment
        ResponseResult first = await Client().CreateResponseAsync("pair", "My name is Ada.");
        Assert.Single(Sent("/b/v1/responses"));
        openAi.Failing.Clear();

        ResponseResult second = await Client().CreateResponseAsync("pair", "What is my name?", first.Id);

        var followUp = Sent("/b/v1/responses")[^1];
        Assert.Equal(first.Id, followUp.Json.GetProperty("previous_response_id").GetString());
        Assert.Contains("What is my name?", followUp.BodyText);
        Assert.Equal(first.Id, second.PreviousResponseId);
        Assert.Single(Sent("/a/v1/responses")); // only the failed first attempt

        // Hard pin: when that upstream is down, its error is the answer; no other deployment has the conversation.
        openAi.Failing["/b"] = true;
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync("pair", "Still there?", first.Id));
        Assert.Equal(502, e.Status);
        Assert.Single(Sent("/a/v1/responses"));
    }

    [Fact]
    public async Task Get_input_items_cancel_and_delete_are_forwarded_to_the_deployment_that_holds_the_response()
    {
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync("gpt", "Patch it");

        ResponseResult read = await client.GetResponseAsync(created.Id);
        Assert.Equal(OpenAiResponsesUpstream.Text, read.GetOutputText());
        Assert.Equal($"/a/v1/responses/{created.Id}", upstream.LastRequest.Path);

        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(created.Id))
        {
            items.Add(item);
        }

        Assert.Equal("Patch it", ((MessageResponseItem)Assert.Single(items)).Content[0].Text);
        using var page = await gateway.Http.GetAsync($"v1/responses/{created.Id}/input_items?limit=5&order=asc");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(("GET", $"/a/v1/responses/{created.Id}/input_items", "?limit=5&order=asc"),
            (upstream.LastRequest.Method, upstream.LastRequest.Path, upstream.LastRequest.Query));

        using var cancel = await gateway.Http.PostAsync($"v1/responses/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(("POST", $"/a/v1/responses/{created.Id}/cancel"), (upstream.LastRequest.Method, upstream.LastRequest.Path));

        var deletion = await client.DeleteResponseAsync(created.Id);
        Assert.True(deletion.Value.Deleted);
        Assert.Equal(("DELETE", $"/a/v1/responses/{created.Id}"), (upstream.LastRequest.Method, upstream.LastRequest.Path));

        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Another_key_gets_404_for_a_passed_through_response_and_nothing_is_forwarded()
    {
        ResponseResult created = await Client().CreateResponseAsync("gpt", "private");
        var before = upstream.Requests.Count;

        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client(OtherKey).GetResponseAsync(created.Id));
        Assert.Equal(404, e.Status);
        var follow = await Assert.ThrowsAsync<ClientResultException>(() => Client(OtherKey).CreateResponseAsync("gpt", "go on", created.Id));
        Assert.Equal(404, follow.Status);
        Assert.Equal(before, upstream.Requests.Count);
    }

    [Theory]
    [InlineData("""{"model":"gpt","input":[{"type":"item_reference","id":"msg_someone_elses"}]}""", "input[0]")]
    [InlineData("""{"model":"gpt","input":"hi","conversation":"conv_someone_elses"}""", "conversation")]
    public async Task Only_the_master_key_may_name_state_openai_holds_for_the_gateways_account(string body, string param)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.BaseUrl + "/v1/responses") { Content = ChatBodies.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OtherKey);

        using var response = await gateway.Http.SendAsync(request);

        var error = await ErrorTests.AssertErrorAsync(response, 400, "unsupported_parameter");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_failed_pass_through_falls_back_to_a_translated_deployment_before_the_first_byte()
    {
        openAi.Failing["/a"] = true;

        ResponseResult response = await Client().CreateResponseAsync("mixed", "Hello");

        Assert.Equal("Translated answer", response.GetOutputText());
        Assert.StartsWith("resp_", response.Id);
        Assert.Single(Sent("/a/v1/responses"));
        Assert.Single(Sent("/c/v1/chat/completions"));

        // The gateway built that one, so a follow-up stays translated, on an OpenAI deployment too.
        openAi.Failing.Clear();
        openAi.Failing["/c"] = true;
        ResponseResult second = await Client().CreateResponseAsync("mixed", "Again", response.Id);
        Assert.Equal("Translated answer", second.GetOutputText());
        Assert.Single(Sent("/a/v1/chat/completions"));
        Assert.Single(Sent("/a/v1/responses"));
    }

    [Fact]
    public async Task Openai_only_features_are_refused_by_name_for_a_translated_deployment()
    {
        using var response = await PostAsync(CodexBody("compat-only"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("unsupported_parameter", error.GetProperty("code").GetString());
        Assert.Equal("tools[0].type", error.GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_stream_cut_after_its_first_byte_ends_with_response_failed()
    {
        openAi.CutAfter = 4;

        using var raw = await PostAsync(CodexBody("gpt", stream: true));
        var body = await raw.Content.ReadAsStringAsync();

        Assert.StartsWith(openAi.LastAnswer, body);
        var last = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n');
        Assert.Equal("event: response.failed", last[0]);
        using var data = JsonDocument.Parse(last[1]["data: ".Length..]);
        Assert.Equal(4, data.RootElement.GetProperty("sequence_number").GetInt32());
        Assert.Equal("failed", data.RootElement.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("server_error", data.RootElement.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("event: response.completed", body);
        Assert.Contains(gateway.Logs.Lines, line => line.Contains("outcome=stream_failed", StringComparison.Ordinal));

        var updates = new List<StreamingResponseUpdate>();
        var options = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Patch it")]) { StreamingEnabled = true };
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            updates.Add(update);
        }

        Assert.IsType<StreamingResponseFailedUpdate>(updates[^1]);
    }
}
