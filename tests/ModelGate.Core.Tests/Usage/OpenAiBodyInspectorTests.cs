using System.Text;
using System.Text.Json;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Tests.Usage;

public sealed class OpenAiBodyInspectorTests
{
    private static OpenAiBodyFacts Inspect(string json) => OpenAiBodyInspector.Inspect(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void CompletionWithFullUsageIsRead()
    {
        var facts = Inspect("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
                      "prompt_tokens_details":{"cached_tokens":100,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":12,"audio_tokens":0,"accepted_prediction_tokens":0}},
             "system_fingerprint":"fp_1"}
            """);

        Assert.Equal(new TokenUsage(120, 30, 150, CachedPromptTokens: 100, ReasoningTokens: 12), facts.Usage);
        Assert.False(facts.IsUsageOnly);
        Assert.False(facts.HasError);
    }

    [Fact]
    public void UsageBeforeChoicesIsReadToo()
    {
        var facts = Inspect("""{"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"choices":[]}""");

        Assert.Equal(new TokenUsage(1, 2, 3), facts.Usage);
        Assert.True(facts.IsUsageOnly);
    }

    [Fact]
    public void UsageOnlyStreamChunkIsRecognised()
    {
        var facts = Inspect("""
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],
             "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":8},
                      "completion_tokens_details":{"reasoning_tokens":1}}}
            """);

        Assert.True(facts.IsUsageOnly);
        Assert.Equal(new TokenUsage(9, 3, 12, 8, 1), facts.Usage);
        Assert.False(facts.HasError);
    }

    [Theory]
    [InlineData("""{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null}""")]
    [InlineData("""{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"x"}}]}""")]
    [InlineData("""{"object":"chat.completion.chunk","choices":[],"usage":null}""")]
    [InlineData("""{"object":"chat.completion.chunk","choices":[]}""")]
    public void ChunkWithoutUsageIsNotUsageOnly(string json)
    {
        var facts = Inspect(json);

        Assert.Null(facts.Usage);
        Assert.False(facts.IsUsageOnly);
        Assert.False(facts.HasError);
    }

    [Fact]
    public void ChunkWithChoicesAndUsageIsNotUsageOnly()
    {
        var facts = Inspect("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"},{"index":1}],"usage":{"prompt_tokens":1,"completion_tokens":1}}""");

        Assert.False(facts.IsUsageOnly);
        Assert.Equal(new TokenUsage(1, 1, 2), facts.Usage);
    }

    [Fact]
    public void ErrorObjectIsRecognised()
    {
        var facts = Inspect("""{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");

        Assert.True(facts.HasError);
        Assert.Null(facts.Usage);
        Assert.False(facts.IsUsageOnly);
    }

    [Fact]
    public void ErrorAfterOtherFieldsIsRecognised()
    {
        Assert.True(Inspect("""{"id":"x","choices":[{"index":0}],"error":"upstream failed"}""").HasError);
    }

    [Fact]
    public void ErrorNestedInsideAnotherFieldIsNotATopLevelError()
    {
        Assert.False(Inspect("""{"choices":[{"index":0,"error":{"message":"x"}}],"metadata":{"error":1}}""").HasError);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5}""", 15)]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"total_tokens":0}""", 15)]
    [InlineData("""{"prompt_tokens":10}""", 10)]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"total_tokens":99}""", 99)]
    public void MissingTotalIsComputed(string usage, int expectedTotal)
    {
        var facts = Inspect($$"""{"choices":[],"usage":{{usage}}}""");

        Assert.Equal(expectedTotal, facts.Usage!.Value.TotalTokens);
    }

    [Fact]
    public void EmptyUsageObjectIsZeroUsage()
    {
        Assert.Equal(new TokenUsage(0, 0, 0), Inspect("""{"usage":{}}""").Usage);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":"12","completion_tokens":3}""", 0, 3)]
    [InlineData("""{"prompt_tokens":null,"completion_tokens":3}""", 0, 3)]
    [InlineData("""{"prompt_tokens":1.5,"completion_tokens":3}""", 0, 3)]
    [InlineData("""{"prompt_tokens":99999999999,"completion_tokens":3}""", 0, 3)]
    public void CountThatIsNotAnInt32IsZero(string usage, int prompt, int completion)
    {
        var tokens = Inspect($$"""{"usage":{{usage}}}""").Usage!.Value;

        Assert.Equal(prompt, tokens.PromptTokens);
        Assert.Equal(completion, tokens.CompletionTokens);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":5,"prompt_tokens_details":null,"completion_tokens_details":[1,2],"completion_tokens":2}""")]
    [InlineData("""{"prompt_tokens":5,"prompt_tokens_details":{"audio_tokens":{"x":[1]}},"completion_tokens":2}""")]
    public void OddDetailsAreSkipped(string usage)
    {
        var facts = Inspect($$"""{"usage":{{usage}},"choices":[]}""");

        Assert.Equal(new TokenUsage(5, 2, 7), facts.Usage);
        Assert.True(facts.IsUsageOnly);
    }

    [Fact]
    public void UnknownUsageFieldsOfAnyShapeAreSkipped()
    {
        var facts = Inspect("""{"usage":{"queue_time":0.1,"x":{"prompt_tokens":999},"y":[{"a":1}],"prompt_tokens":4,"completion_tokens":1}}""");

        Assert.Equal(new TokenUsage(4, 1, 5), facts.Usage);
    }

    [Theory]
    [InlineData("""{"usage":5,"choices":[]}""")]
    [InlineData("""{"usage":"none","choices":[]}""")]
    [InlineData("""{"usage":[1,2],"choices":[]}""")]
    public void UsageThatIsNotAnObjectIsIgnored(string json)
    {
        var facts = Inspect(json);

        Assert.Null(facts.Usage);
        Assert.False(facts.IsUsageOnly);
    }

    [Fact]
    public void ChoicesThatIsNotAnArrayIsSkipped()
    {
        var facts = Inspect("""{"choices":{"index":0},"usage":{"prompt_tokens":1,"completion_tokens":1}}""");

        Assert.False(facts.IsUsageOnly);
        Assert.NotNull(facts.Usage);
    }

    [Fact]
    public void CountThatIsAnObjectDoesNotDerailTheRestOfTheBody()
    {
        var facts = Inspect("""{"usage":{"prompt_tokens":{"text":4},"completion_tokens":3},"choices":[]}""");

        Assert.Equal(new TokenUsage(0, 3, 3), facts.Usage);
        Assert.True(facts.IsUsageOnly);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{\"choices\":[")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1")]
    [InlineData("{\"choices\":[]} trailing")]
    [InlineData("{\"choices\":[]}{}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    public void GarbageIsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Inspect(json));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void JsonThatIsNotAnObjectIsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Inspect(json));
    }

    [Fact]
    public void GarbageAfterTheUsageIsStillCaught()
    {
        Assert.ThrowsAny<JsonException>(() => Inspect("""{"usage":{"prompt_tokens":1},"choices":[],"x":tru}"""));
    }

    [Fact]
    public void EmptyObjectHasNoFacts()
    {
        Assert.Equal(new OpenAiBodyFacts(null, false, false), Inspect("{}"));
    }
}
