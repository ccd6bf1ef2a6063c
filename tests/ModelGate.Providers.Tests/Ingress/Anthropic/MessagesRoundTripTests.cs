using System.Text;
using System.Text.Json;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.Ingress.Anthropic;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Tests.Anthropic;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

/// <summary>
/// Anthropic in, Anthropic out: a request translated by the ingress into the canonical form and back by the
/// Anthropic provider's <see cref="OpenAiToAnthropic"/> must reach Anthropic as the client sent it.
/// </summary>
public sealed class MessagesRoundTripTests
{
    private static string RoundTrip(string messagesRequest)
    {
        var ingress = MessagesRequestTranslator.Translate(Encoding.UTF8.GetBytes(messagesRequest));
        Assert.Null(ingress.Error);
        var canonical = JsonSerializer.Deserialize(ingress.Body, OpenAiWireContext.Default.OpenAiChatRequest)!;

        var upstream = OpenAiToAnthropic.Translate(canonical, AnthropicTestData.Settings(), new AnthropicBodyOptions(ingress.Model, ingress.Stream));

        Assert.Null(upstream.Refusal);
        return Encoding.UTF8.GetString(upstream.Body!);
    }

    [Fact]
    public void AClaudeCodeTurnComesBackUnchanged()
    {
        var original = MessagesTestData.Fixture("messages-openai", "roundtrip.messages.json");

        MessagesTestData.AssertJsonEqual(original, RoundTrip(original));
    }

    [Fact]
    public void SignaturesCacheMarkersAndToolIdsSurvive()
    {
        var upstream = JsonDocument.Parse(RoundTrip(MessagesTestData.Fixture("messages-openai", "roundtrip.messages.json"))).RootElement;

        var assistant = upstream.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", assistant[0].GetProperty("signature").GetString());
        Assert.Equal("EmwKAhgBEgy3va3pzix", assistant[1].GetProperty("data").GetString());
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", assistant[3].GetProperty("id").GetString());
        var results = upstream.GetProperty("messages")[2].GetProperty("content");
        Assert.Equal("toolu_01Vq2bCzXwmZ8nC1fZb6TtHk", results[1].GetProperty("tool_use_id").GetString());
        Assert.True(results[1].GetProperty("is_error").GetBoolean());
        Assert.Equal("ephemeral", results[1].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal("ephemeral", upstream.GetProperty("tools")[1].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal(10000, upstream.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        Assert.Equal(20, upstream.GetProperty("top_k").GetInt32());
    }

    [Fact]
    public void StringContentsComeBackAsTheEquivalentTextBlocks()
    {
        var upstream = RoundTrip(MessagesTestData.Fixture("messages-openai", "tools.messages.json"));

        var results = JsonDocument.Parse(upstream).RootElement.GetProperty("messages")[2].GetProperty("content");
        MessagesTestData.AssertJsonEqual("""[{"type":"text","text":"15 degrees"}]""", results[0].GetProperty("content").GetRawText());
        Assert.Equal("Keep the answer short.", results[2].GetProperty("text").GetString());
    }
}
