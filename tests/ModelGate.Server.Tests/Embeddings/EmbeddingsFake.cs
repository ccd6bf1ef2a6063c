using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// One provider's embeddings wire format, for the embeddings conformance suite: how its API answers (written from
/// the provider's documentation, cited in each fake) and what the gateway must have sent it.
/// </summary>
public abstract class EmbeddingsFake
{
    /// <summary>Tokens each input counts for, in the fakes that report usage.</summary>
    public const int TokensPerInput = 3;

    /// <summary>The <c>providers:</c> entry body (YAML, indented by the caller) for a provider at <paramref name="root"/>.</summary>
    public abstract string ProviderYaml(string root);

    /// <summary>The model name the deployment sends to the provider.</summary>
    public abstract string UpstreamModel { get; }

    /// <summary>The provider's API can shorten vectors.</summary>
    public virtual bool TakesDimensions => true;

    /// <summary>The provider's API reports token counts.</summary>
    public virtual bool ReportsUsage => true;

    /// <summary>Answers one request with a vector per text, as the provider does.</summary>
    public abstract Task AnswerAsync(HttpContext context, RecordedRequest request);

    /// <summary>The provider's own 429, with <c>retry-after: 3</c>.</summary>
    public abstract Task RateLimitAsync(HttpContext context, RecordedRequest request);

    /// <summary>Checks where the embeddings requests went and how they were authorised; returns the texts they carried, in order.</summary>
    public abstract IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests);

    /// <summary>The dimensions the provider was asked for, if any.</summary>
    public abstract int? DimensionsSent(RecordedRequest request);

    /// <summary>Requests other than embeddings calls (a token endpoint) are left out of what the tests inspect.</summary>
    public virtual bool IsEmbeddingsCall(RecordedRequest request) => true;

    /// <summary>A distinct, float32-exact vector for each text, so every fake answers the same for the same input.</summary>
    public static float[] VectorFor(string text) => [text.Length / 64f, text[0] / 256f, -0.5f, 0.25f];

    protected static JsonArray Json(float[] vector) => new(vector.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    protected static Task WriteAsync(HttpContext context, int status, JsonNode body, int? retryAfter = null)
    {
        if (retryAfter is { } seconds)
        {
            context.Response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return OpenAiWire.WriteJsonAsync(context, status, body.ToJsonString());
    }

    /// <summary>An OpenAI-shaped list; base64 vectors when the request asked for them, as OpenAI does.</summary>
    protected static JsonObject OpenAiList(IReadOnlyList<string> texts, string model, bool base64) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(texts.Select((text, i) => (JsonNode)new JsonObject
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = base64 ? Convert.ToBase64String(Float32(VectorFor(text))) : Json(VectorFor(text)),
        }).ToArray()),
        ["model"] = model,
        ["usage"] = new JsonObject { ["prompt_tokens"] = TokensPerInput * texts.Count, ["total_tokens"] = TokensPerInput * texts.Count },
    };

    protected static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => item!.GetValue<string>()).ToList() : [node!.GetValue<string>()];

    private static byte[] Float32(float[] vector)
    {
        var bytes = new byte[vector.Length * 4];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
        }

        return bytes;
    }
}
