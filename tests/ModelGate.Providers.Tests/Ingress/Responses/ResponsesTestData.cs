using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

internal static class ResponsesTestData
{
    public const string ResponseId = "resp_67ccd3a9da748190";
    public const long CreatedAt = 1741476777;
    public const long CompletedAt = 1741476778;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static string Fixture(params string[] path) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Ingress", "Responses", "Fixtures", .. path]));

    public static bool FixtureExists(params string[] path) =>
        File.Exists(Path.Combine([AppContext.BaseDirectory, "Ingress", "Responses", "Fixtures", .. path]));

    public static ResponsesRequest Read(string json)
    {
        var request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        return request!;
    }

    public static GatewayError ReadFails(string json)
    {
        var request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(request);
        return Assert.IsType<GatewayError>(error);
    }

    public static List<JsonElement> Items(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();

    /// <summary>
    /// Asserts <paramref name="actual"/> is byte for byte the golden file's JSON written compactly (so key order
    /// counts). A missing golden file is written from <paramref name="actual"/> in the source tree, and the test fails.
    /// </summary>
    public static void AssertGoldenJson(string actual, string folder, string file, [CallerFilePath] string source = "")
    {
        if (!FixtureExists(folder, file))
        {
            Record(source, folder, file, JsonNode.Parse(actual)!.ToJsonString(Indented) + "\n");
        }

        Assert.Equal(JsonNode.Parse(Fixture(folder, file))!.ToJsonString(Compact), actual);
    }

    public static void AssertGoldenText(string actual, string folder, string file, [CallerFilePath] string source = "")
    {
        if (!FixtureExists(folder, file))
        {
            Record(source, folder, file, actual);
        }

        Assert.Equal(Fixture(folder, file), actual);
    }

    private static void Record(string source, string folder, string file, string content)
    {
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", folder, file), content);
        Assert.Fail($"Golden file {folder}/{file} was missing and has been written; check it and run again.");
    }
}
