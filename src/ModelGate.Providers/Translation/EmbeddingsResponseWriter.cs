using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.Translation;

/// <summary>
/// Writes vectors as OpenAI's embeddings list:
/// <c>{"object":"list","data":[{"object":"embedding","index":0,"embedding":[…]}],"model":…,"usage":{"prompt_tokens":N,"total_tokens":N}}</c>.
/// With <c>encoding_format: base64</c> each vector is its little-endian float32 bytes in base64, as OpenAI sends it.
/// </summary>
public static class EmbeddingsResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static EmbeddingsCompleted Completed(IReadOnlyList<float[]> vectors, string model, int promptTokens, EmbeddingsEncoding encoding)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (vectors.Count * (vectors.Count > 0 ? vectors[0].Length : 0) * 12));
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < vectors.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (encoding == EmbeddingsEncoding.Base64)
                {
                    writer.WriteBase64String("embedding", Float32Bytes(vectors[i]));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (var value in vectors[i])
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("total_tokens", promptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new EmbeddingsCompleted(buffer.WrittenMemory.ToArray(), new TokenUsage(promptTokens, 0, promptTokens));
    }

    /// <summary>The vector as OpenAI's base64 form encodes it: float32, little-endian, one after another.</summary>
    public static byte[] Float32Bytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}
