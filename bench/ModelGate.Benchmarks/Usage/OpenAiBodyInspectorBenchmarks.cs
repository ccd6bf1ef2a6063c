using BenchmarkDotNet.Attributes;
using ModelGate.Bench.MockUpstream;
using ModelGate.Core.Usage;

namespace ModelGate.Benchmarks.Usage;

/// <summary>Reading usage from one stream chunk, from the final usage chunk and from a whole completion.</summary>
[MemoryDiagnoser]
public class OpenAiBodyInspectorBenchmarks
{
    private byte[] contentChunk = [];
    private byte[] usageChunk = [];
    private byte[] completion = [];

    [GlobalSetup]
    public void Setup()
    {
        var events = ChatPayloads.StreamEvents(20, includeUsage: true);
        contentChunk = Data(events[1]);
        usageChunk = Data(events[^2]);
        completion = ChatPayloads.Completion();
    }

    [Benchmark(Baseline = true)]
    public bool ContentChunk() => OpenAiBodyInspector.Inspect(contentChunk).IsUsageOnly;

    [Benchmark]
    public bool UsageChunk() => OpenAiBodyInspector.Inspect(usageChunk).IsUsageOnly;

    [Benchmark]
    public bool Completion() => OpenAiBodyInspector.Inspect(completion).Usage is not null;

    /// <summary>The JSON of a <c>data: {...}\n\n</c> event.</summary>
    private static byte[] Data(byte[] sse) => sse["data: ".Length..^2];
}
