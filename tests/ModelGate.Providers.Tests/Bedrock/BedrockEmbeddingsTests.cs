using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Providers.Bedrock;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>Titan and Cohere embeddings on Bedrock through InvokeModel, signed with SigV4.</summary>
public sealed class BedrockEmbeddingsTests
{
    private const string Titan = "amazon.titan-embed-text-v2:0";
    private const string Cohere = "cohere.embed-english-v3";

    private static string TitanFixture(string name) => EmbeddingsTestData.Fixture("Bedrock", "openai-titan-embeddings", name);

    private static string CohereFixture(string name) => EmbeddingsTestData.Fixture("Bedrock", "openai-bedrock-cohere-embeddings", name);

    private static BedrockEmbeddings Provider(VerbatimHttpHandler handler, ProviderSettings? settings = null) =>
        new(settings ?? BedrockTestKit.Settings(), new HttpClient(handler), new FakeTimeProvider(BedrockTestKit.Now));

    /// <summary>Answers Titan calls in turn with response-0, response-1, … and records every body.</summary>
    private static (VerbatimHttpHandler Handler, List<(Uri Uri, string Body, string? Authorization)> Sent) TitanUpstream()
    {
        var sent = new List<(Uri, string, string?)>();
        var handler = new VerbatimHttpHandler(async (request, token) =>
        {
            var body = await request.Content!.ReadAsStringAsync(token);
            sent.Add((request.RequestUri!, body, request.Headers.Authorization?.ToString()));
            return Responses.Text(HttpStatusCode.OK, TitanFixture($"response-{sent.Count - 1}.json"));
        });
        return (handler, sent);
    }

    [Fact]
    public async Task Titan_is_called_once_per_input_in_order()
    {
        var (handler, sent) = TitanUpstream();

        var outcome = await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(TitanFixture("request-in.json"), Titan), CancellationToken.None);

        Assert.Equal(2, sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal("https://bedrock-runtime.us-west-2.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke", sent[i].Uri.AbsoluteUri);
            EmbeddingsTestData.AssertJson(TitanFixture($"request-out-{i}.json"), sent[i].Body);
        }

        EmbeddingsTestData.AssertJson(TitanFixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Requests_are_signed_for_bedrock()
    {
        var handler = VerbatimHttpHandler.Json(CohereFixture("response.json"));

        await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(CohereFixture("request-in.json"), Cohere), CancellationToken.None);

        var path = "/model/cohere.embed-english-v3/invoke";
        var expected = SigV4Signer.Sign("POST", path, [],
            [KeyValuePair.Create("host", "bedrock-runtime.us-west-2.amazonaws.com"), KeyValuePair.Create("x-amz-date", "20240101T000000Z")],
            SigV4Signer.PayloadHash(handler.Request!.Body), new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "us-west-2", "bedrock", BedrockTestKit.Now);
        Assert.Equal(expected.Authorization, handler.Request.Header("Authorization"));
        Assert.Equal("20240101T000000Z", handler.Request.Header("x-amz-date"));
    }

    [Fact]
    public async Task Cohere_embeds_every_input_in_one_call_with_usage_from_the_header()
    {
        var handler = new VerbatimHttpHandler(() =>
        {
            var response = Responses.Text(HttpStatusCode.OK, CohereFixture("response.json"));
            response.Headers.TryAddWithoutValidation("X-Amzn-Bedrock-Input-Token-Count", "9");
            return response;
        });

        var outcome = await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(CohereFixture("request-in.json"), Cohere), CancellationToken.None);

        Assert.Equal("https://bedrock-runtime.us-west-2.amazonaws.com/model/cohere.embed-english-v3/invoke", handler.Request!.Uri.AbsoluteUri);
        EmbeddingsTestData.AssertJson(CohereFixture("request-out.json"), handler.Request.BodyText);
        EmbeddingsTestData.AssertJson(CohereFixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Cohere_answers_by_type_are_read_too()
    {
        var byType = JsonSerializer.Serialize(new { id = "x", response_type = "embeddings_by_type", embeddings = new { @float = EmbeddingsTestData.Vectors } });

        var outcome = await Provider(VerbatimHttpHandler.Json(byType))
            .EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Cohere), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
    }

    [Fact]
    public async Task Base64_is_encoded_by_the_gateway()
    {
        var (handler, _) = TitanUpstream();

        var outcome = await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Titan), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
    }

    [Theory]
    [InlineData(Cohere)]
    [InlineData("amazon.titan-embed-text-v1")]
    public async Task Dimensions_are_refused_where_the_model_has_none_unless_dropped(string model)
    {
        const string body = """{"model":"gw","input":"hi","dimensions":256}""";
        var handler = VerbatimHttpHandler.Json("""{"embedding":[0.5],"inputTextTokenCount":1,"embeddings":[[0.5]]}""");

        EmbeddingsTestData.AssertUnsupported(await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(body, model), CancellationToken.None), "dimensions");
        Assert.Equal(0, handler.Calls);

        var outcome = await Provider(handler, BedrockTestKit.Settings(drop: true)).EmbedAsync(EmbeddingsTestData.Call(body, model), CancellationToken.None);
        Assert.Contains("\"embedding\":[0.5]", outcome.Completed(), StringComparison.Ordinal);
        Assert.DoesNotContain("dimensions", handler.Request!.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_is_not_an_embeddings_model_is_a_400_naming_model()
    {
        var error = (await Provider(VerbatimHttpHandler.Json("{}"))
            .EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, BedrockTestKit.Model), CancellationToken.None)).Failed(retriable: false);

        Assert.Equal(400, error.Status);
        Assert.Equal("model", error.Param);
    }

    [Fact]
    public async Task Throttling_on_the_second_titan_call_fails_the_request()
    {
        var calls = 0;
        var handler = new VerbatimHttpHandler(() =>
        {
            if (++calls == 1)
            {
                return Responses.Text(HttpStatusCode.OK, TitanFixture("response-0.json"));
            }

            var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"message":"Too many requests, please wait before trying again."}""");
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            return response;
        });

        var error = (await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Titan), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal("ThrottlingException", error.Code);
        Assert.Null(error.RetryAfter); // none sent; the client-facing default is the response writer's
    }
}
