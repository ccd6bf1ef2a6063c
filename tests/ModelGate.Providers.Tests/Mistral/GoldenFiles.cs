using System.Text.Json.Nodes;
using ModelGate.Core.Providers;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Mistral;

/// <summary>Reads golden files and compares JSON by value (key order and whitespace aside).</summary>
internal static class GoldenFiles
{
    public static string Read(string folder, string pair, string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, folder, "Fixtures", pair, name));

    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");

    /// <summary>Reads a whole stream: every chunk must match its line in the .jsonl file, then Done.</summary>
    public static async Task AssertStreamAsync(IChatStream stream, string expectedJsonl)
    {
        var events = await stream.ReadAllAsync();
        var expected = expectedJsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
        Assert.Equal(expected.Length, events.Count - 1);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(StreamEventKind.Chunk, events[i].Kind);
            AssertJsonEqual(expected[i], events[i].Data);
        }
    }
}
