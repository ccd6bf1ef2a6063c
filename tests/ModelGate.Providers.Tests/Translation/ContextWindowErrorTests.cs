using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Tests.Translation;

/// <summary>Each provider's wording of a prompt that does not fit becomes OpenAI's <c>context_length_exceeded</c>.</summary>
public sealed class ContextWindowErrorTests
{
    [Theory]
    [InlineData(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.")] // OpenAI, vLLM
    [InlineData(400, "prompt is too long: 210000 tokens > 200000 maximum")] // Anthropic
    [InlineData(400, "The input token count (1048580) exceeds the maximum number of tokens allowed (1048576).")] // Gemini
    [InlineData(400, "Input is too long for requested model.")] // Bedrock
    [InlineData(400, "too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4480")] // Cohere
    [InlineData(400, "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length")] // Mistral
    [InlineData(413, "prompt is too long: 210000 tokens > 200000 maximum")]
    public void ContextWindowMessagesGetTheOpenAiCode(int status, string message)
    {
        var failed = UpstreamErrorPolicy.Classify("p", status, new ProviderError(message, "invalid_request_error", null, null), [], null);

        Assert.Equal(ErrorCodes.ContextLengthExceeded, failed.Error.Code);
        Assert.Equal(message, failed.Error.Message);
        Assert.Equal(status, failed.Error.Status);
        Assert.False(failed.Retriable);
    }

    [Theory]
    [InlineData(400, "temperature must be at most 2")]
    [InlineData(429, "too many tokens per minute")]
    [InlineData(500, "context length exceeded while loading")]
    public void OtherErrorsKeepTheirCode(int status, string message)
    {
        var failed = UpstreamErrorPolicy.Classify("p", status, new ProviderError(message, null, "the_code", null), Encoding.UTF8.GetBytes(message), null);

        Assert.NotEqual(ErrorCodes.ContextLengthExceeded, failed.Error.Code);
    }
}
