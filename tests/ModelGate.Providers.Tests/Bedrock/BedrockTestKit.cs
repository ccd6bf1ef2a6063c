using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Providers.Bedrock;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>Fixtures, settings, a fixed clock and an event-stream encoder for the Bedrock tests.</summary>
internal static class BedrockTestKit
{
    public const string Model = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    public static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Fixture(params string[] path) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Bedrock", "Fixtures", .. path]));

    public static ProviderSettings Settings(
        bool drop = false, string? sessionToken = null, string? defaultMaxTokens = null, Uri? baseUrl = null, TimeSpan? idle = null)
    {
        var options = new Dictionary<string, string>
        {
            ["region"] = "us-west-2", ["access_key_id"] = "AKIDEXAMPLE", ["secret_access_key"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        };
        if (sessionToken is not null)
        {
            options["session_token"] = sessionToken;
        }

        if (defaultMaxTokens is not null)
        {
            options["default_max_tokens"] = defaultMaxTokens;
        }

        return TestData.OpenAi(apiKey: null, type: ProviderTypes.Bedrock, idle: idle) with
        {
            BaseUrl = baseUrl, Options = options, DropUnsupportedParams = drop,
        };
    }

    public static BedrockProvider Provider(VerbatimHttpHandler handler, ProviderSettings? settings = null) =>
        new(settings ?? Settings(), new HttpClient(handler), new FakeTimeProvider(Now));

    public static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");

    /// <summary>One event-stream message, encoded per the documented layout with both CRC-32s.</summary>
    public static byte[] Frame(IEnumerable<(string Name, string Value)> headers, byte[] payload)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)nameBytes.Length);
            headerBytes.AddRange(nameBytes);
            headerBytes.Add(7);
            headerBytes.Add((byte)(valueBytes.Length >> 8));
            headerBytes.Add((byte)valueBytes.Length);
            headerBytes.AddRange(valueBytes);
        }

        return RawFrame([.. headerBytes], payload);
    }

    public static byte[] RawFrame(byte[] headers, byte[] payload)
    {
        var total = 16 + headers.Length + payload.Length;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headers.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    public static byte[] Event(string eventType, string payloadJson) =>
        Frame([(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")], Encoding.UTF8.GetBytes(payloadJson));

    public static byte[] Exception(string exceptionType, string message) =>
        Frame([(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { message })));

    /// <summary>The frames of a fixture's <c>events.json</c>.</summary>
    public static byte[] Events(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().SelectMany(e => Event(e!["event"]!.GetValue<string>(), e["payload"]!.ToJsonString()))];

    public static HttpResponseMessage EventStream(Stream body) =>
        new(HttpStatusCode.OK) { Content = new StreamContent(body) { Headers = { { "Content-Type", "application/vnd.amazon.eventstream" } } } };

    /// <summary>A bitwise CRC-32, independent of the table-driven one under test.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
