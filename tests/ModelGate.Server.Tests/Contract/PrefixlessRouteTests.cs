using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace ModelGate.Server.Tests.Contract;

/// <summary>Clients whose base URL lacks <c>/v1</c> reach the same handlers through the OpenAI routes' prefix-less spellings.</summary>
public sealed class PrefixlessRouteTests : UpstreamTestBase
{
    [Fact]
    public async Task The_official_sdk_works_with_a_base_url_without_v1()
    {
        var client = new ChatClient("gpt", new ApiKeyCredential(TestGateway.MasterKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(Gateway.BaseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say hi")]);

        Assert.Equal("Hi from upstream", completion.Content[0].Text);
        Assert.Equal("/v1/chat/completions", Upstream.LastRequest.Path);
    }

    [Theory]
    [InlineData("completions", """{"model":"demo","prompt":"echo me"}""", "text_completion")]
    [InlineData("chat/completions", """{"model":"demo","messages":[{"role":"user","content":"echo me"}]}""", "chat.completion")]
    public async Task Posts_answer_without_the_prefix(string path, string body, string objectType)
    {
        var response = await Gateway.Http.PostAsync(path, ChatBodies.Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, text);
        Assert.Equal(objectType, JsonDocument.Parse(text).RootElement.GetProperty("object").GetString());
        Assert.True(response.Headers.Contains("x-modelgate-deployment"));
    }

    [Fact]
    public async Task Embeddings_answer_without_the_prefix()
    {
        var response = await Gateway.Http.PostAsync("embeddings", ChatBodies.Json("""{"model":"demo","input":"hi"}"""));

        // The mock provider has no embeddings API: the embeddings handler itself says so.
        await ErrorTests.AssertErrorAsync(response, 400, "embeddings_not_supported");
    }

    [Fact]
    public async Task Models_answer_without_the_prefix()
    {
        var list = JsonDocument.Parse(await Gateway.Http.GetStringAsync("models")).RootElement;
        var one = JsonDocument.Parse(await Gateway.Http.GetStringAsync("models/gpt")).RootElement;

        Assert.Equal(await Gateway.Http.GetStringAsync("v1/models"), list.GetRawText());
        Assert.Equal("gpt", one.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Other_prefix_less_paths_stay_unknown()
    {
        await ErrorTests.AssertErrorAsync(await Gateway.Http.PostAsync("messages", ChatBodies.Json("{}")), 404, "unknown_url");
    }
}
