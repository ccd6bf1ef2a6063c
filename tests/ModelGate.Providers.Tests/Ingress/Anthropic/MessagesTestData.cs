using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

internal static class MessagesTestData
{
    public const string Model = "claude-sonnet-4-5";

    public static string Fixture(string pair, string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingress", "Anthropic", "Fixtures", pair, file));

    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");

    public static string Text(ArrayBufferWriter<byte> buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);

    /// <summary>A request with the required fields, where <paramref name="member"/> (one JSON member) adds to them or replaces one.</summary>
    public static string RequestWith(string member)
    {
        var name = member[1..member.IndexOf('"', 1)];
        var members = new Dictionary<string, string>
        {
            ["model"] = $"\"model\":\"{Model}\"",
            ["max_tokens"] = "\"max_tokens\":100",
            ["messages"] = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]",
        };
        members[name] = member;
        return "{" + string.Join(",", members.Values) + "}";
    }

    /// <summary>A request with the required fields and the given extra top-level fields (JSON members, comma-separated).</summary>
    public static string Request(string extra = "", string messages = """[{"role":"user","content":"Hi"}]""") =>
        $$"""{"model":"{{Model}}","max_tokens":100,"messages":{{messages}}{{(extra.Length > 0 ? "," + extra : "")}}}""";
}
