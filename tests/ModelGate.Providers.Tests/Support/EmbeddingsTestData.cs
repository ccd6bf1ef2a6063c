using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;

namespace ModelGate.Providers.Tests.Support;

/// <summary>Requests, golden files and assertions shared by the embeddings tests of every provider.</summary>
internal static class EmbeddingsTestData
{
    public const string TwoTexts = """{"model":"gw-embed","input":["The food was delicious","The waiter was friendly"]}""";

    public static readonly float[][] Vectors =
    [
        [0.0230642f, -0.00932729f, 0.0157973f, -0.0118345f],
        [-0.0127163f, 0.0218504f, -0.00461259f, 0.0342197f],
    ];

    public static string Fixture(string provider, string pair, string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, provider, "Fixtures", pair, name));

    public static EmbeddingsCall Call(string json, string model)
    {
        var request = EmbeddingsRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        return new EmbeddingsCall(request!, new DeploymentSettings(TestData.ProviderName, model), TestData.RequestId);
    }

    /// <summary><paramref name="json"/> with <c>encoding_format</c> set to base64.</summary>
    public static string AsBase64(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["encoding_format"] = "base64";
        return node.ToJsonString();
    }

    public static string Completed(this EmbeddingsOutcome outcome) =>
        Encoding.UTF8.GetString(Assert.IsType<EmbeddingsCompleted>(outcome).Body.Span);

    public static GatewayError Failed(this EmbeddingsOutcome outcome, bool retriable)
    {
        var failed = Assert.IsType<EmbeddingsFailed>(outcome);
        Assert.Equal(retriable, failed.Retriable);
        return failed.Error;
    }

    public static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");

    /// <summary>Every <c>data[].embedding</c> is a base64 string that decodes (little-endian float32) to <see cref="Vectors"/>.</summary>
    public static void AssertBase64Vectors(string body)
    {
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.Equal(Vectors.Length, data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            var bytes = Convert.FromBase64String(item.GetProperty("embedding").GetString()!);
            var floats = Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
            Assert.Equal(Vectors[item.GetProperty("index").GetInt32()], floats);
        }
    }

    /// <summary>A 400 <c>unsupported_parameter</c> naming <paramref name="param"/>, not worth another deployment.</summary>
    public static void AssertUnsupported(EmbeddingsOutcome outcome, string param)
    {
        var error = outcome.Failed(retriable: false);
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(param, error.Param);
    }
}
