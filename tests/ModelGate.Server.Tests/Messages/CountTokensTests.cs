using System.Net;
using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.ML.Tokenizers;

namespace ModelGate.Server.Tests.Messages;

/// <summary><c>POST /v1/messages/count_tokens</c>: counted by the gateway with the o200k_base encoding, never sent upstream.</summary>
public sealed class CountTokensTests : MessagesTestBase
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Theory]
    [InlineData(Claude)]
    [InlineData(Gpt)]
    public async Task Counts_system_and_message_text(string model)
    {
        var count = await Sdk().Messages.CountTokens(new MessageCountTokensParams
        {
            Model = model,
            System = "You are a helpful assistant.",
            Messages = [new UserMessageParam("How many tokens is this sentence, roughly?")],
        });

        Assert.Equal(O200k.CountTokens("You are a helpful assistant.") + O200k.CountTokens("How many tokens is this sentence, roughly?"), count.InputTokens);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Tools_tool_calls_and_images_count_too()
    {
        const string Plain = """{"model":"claude","messages":[{"role":"user","content":"Weather?"}]}""";
        const string WithTools = """
            {"model":"claude","messages":[
              {"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18°C"}]}],
             "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """;

        var plain = await CountAsync(Plain);
        var withTools = await CountAsync(WithTools);

        var expected = O200k.CountTokens("Weather?") + 1 /* a 1×1 image */
            + O200k.CountTokens("get_weather") + O200k.CountTokens("""{"city":"Paris"}""") + O200k.CountTokens("18°C")
            + O200k.CountTokens("get_weather") + O200k.CountTokens("Current weather")
            + O200k.CountTokens("""{"type":"object","properties":{"city":{"type":"string"}}}""");
        Assert.Equal(O200k.CountTokens("Weather?"), plain);
        Assert.Equal(expected, withTools);
    }

    [Fact]
    public async Task The_answer_is_exactly_input_tokens()
    {
        using var response = await PostAsync("/v1/messages/count_tokens", """{"model":"gpt","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"input_tokens":1}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("request-id"));
    }

    [Fact]
    public async Task A_bad_request_is_a_400_naming_the_field()
    {
        using var response = await PostAsync("/v1/messages/count_tokens", """{"model":"gpt","messages":[{"role":"robot","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("messages[0].role", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_messages_is_named()
    {
        using var response = await PostAsync("/v1/messages/count_tokens", """{"model":"gpt"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'messages'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_and_bad_key_are_refused()
    {
        using var unknown = await PostAsync("/v1/messages/count_tokens", """{"model":"nope","messages":[{"role":"user","content":"Hello"}]}""");
        using var badKey = await PostAsync("/v1/messages/count_tokens", """{"model":"gpt","messages":[{"role":"user","content":"Hello"}]}""", apiKey: "sk-wrong");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not_found_error", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
        Assert.Contains("authentication_error", await badKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<long> CountAsync(string json)
    {
        using var response = await PostAsync("/v1/messages/count_tokens", json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("input_tokens").GetInt64();
    }
}
