using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ModelGate.Core.Requests;
using ModelGate.Providers.Ingress.Completions;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Ingress.Completions;

/// <summary>Golden tests of the completions translators (Fixtures/README.md says where each file comes from).</summary>
public sealed class CompletionsTranslatorTests
{
    private static string Fixture(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingress", "Completions", "Fixtures", file));

    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");

    private static CompletionsToChatResult Translate(string body, bool drop = false) =>
        CompletionsToChat.Translate(Encoding.UTF8.GetBytes(body), TestData.OpenAi() with { DropUnsupportedParams = drop });

    [Fact]
    public void A_request_becomes_one_user_message_with_its_parameters_kept()
    {
        var result = Translate(Fixture("request.completions.json"));

        Assert.Null(result.Error);
        AssertJsonEqual(Fixture("request.chat.json"), Encoding.UTF8.GetString(result.Body!));
        Assert.NotNull(ChatRequestParser.Parse(result.Body, out _));
    }

    [Theory]
    [InlineData("""["Say this is a test"]""", "Say this is a test")]
    [InlineData("\"\"", "")]
    public void A_single_prompt_in_any_text_shape_is_the_message(string prompt, string text)
    {
        var body = Translate($$"""{"model":"m","prompt":{{prompt}}}""").Body!;

        Assert.Equal(text, JsonNode.Parse(body)!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[1212, 318]", "prompt", "unsupported_parameter")]
    [InlineData("[[1212, 318]]", "prompt", "unsupported_parameter")]
    [InlineData("""["one", "two"]""", "prompt", "unsupported_parameter")]
    [InlineData("null", "prompt", "unsupported_parameter")]
    [InlineData("[]", "prompt", "invalid_value")]
    public void Prompts_chat_cannot_carry_are_refused_by_name(string prompt, string param, string code)
    {
        var error = Translate($$"""{"model":"m","prompt":{{prompt}}}""").Error!;

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("suffix", "\"!\"")]
    [InlineData("echo", "true")]
    [InlineData("logprobs", "0")]
    [InlineData("best_of", "3")]
    public void Completions_only_fields_are_unsupported_unless_dropped(string field, string value)
    {
        var body = $$"""{"model":"m","prompt":"hi","{{field}}":{{value}}}""";

        var refused = Translate(body).Error!;
        var dropped = Translate(body, drop: true);

        Assert.Equal(("unsupported_parameter", field), (refused.Code, refused.Param));
        Assert.Contains(TestData.ProviderName, refused.Message, StringComparison.Ordinal);
        Assert.Null(dropped.Error);
        Assert.Null(JsonNode.Parse(dropped.Body!)![field]);
    }

    [Fact]
    public void A_chat_completion_becomes_a_text_completion()
    {
        var body = ChatToCompletions.Completion(Encoding.UTF8.GetBytes(Fixture("completion.chat.json")), out var error);

        Assert.Null(error);
        AssertJsonEqual(Fixture("completion.completions.json"), Encoding.UTF8.GetString(body!));
    }

    [Theory]
    [InlineData("""{"id":"x","choices":[]}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void An_answer_that_is_not_a_chat_completion_is_a_502(string chat)
    {
        Assert.Null(ChatToCompletions.Completion(Encoding.UTF8.GetBytes(chat), out var error));
        Assert.Equal((502, "upstream_error"), (error!.Status, error.Code));
    }

    [Fact]
    public void Chat_chunks_become_text_completion_chunks()
    {
        var expected = Fixture("stream.completions.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var written = new List<string>();
        foreach (var chunk in Fixture("stream.chat.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var output = new ArrayBufferWriter<byte>();
            Assert.True(ChatToCompletions.Chunk(Encoding.UTF8.GetBytes(chunk), output, out var error), error?.Message);
            if (output.WrittenCount > 0)
            {
                written.Add(Encoding.UTF8.GetString(output.WrittenSpan));
            }
        }

        Assert.Equal(expected.Length, written.Count);
        foreach (var (want, got) in expected.Zip(written))
        {
            AssertJsonEqual(want, got);
        }
    }
}
