using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using ModelGate.Bench.MockUpstream;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;

namespace ModelGate.Benchmarks.Streaming;

/// <summary>
/// The relay's read side: a 20-chunk OpenAI stream with its usage chunk and [DONE], parsed from a PipeReader,
/// alone and with each event's JSON inspected for usage the way the gateway does on the side.
/// </summary>
[MemoryDiagnoser]
public class SseReaderBenchmarks
{
    private byte[] stream = [];

    [GlobalSetup]
    public void Setup() => stream = [.. ChatPayloads.StreamEvents(20, includeUsage: true).SelectMany(e => e)];

    [Benchmark(Baseline = true)]
    public async Task<int> Read()
    {
        var reader = new SseReader(PipeReader.Create(new MemoryStream(stream)));
        var bytes = 0;
        while (await reader.ReadAsync() is { } sse)
        {
            bytes += sse.Data.Length;
        }

        return bytes;
    }

    [Benchmark]
    public async Task<int> ReadAndInspect()
    {
        var reader = new SseReader(PipeReader.Create(new MemoryStream(stream)));
        var completionTokens = 0;
        while (await reader.ReadAsync() is { } sse)
        {
            if (!sse.Data.Span.SequenceEqual("[DONE]"u8))
            {
                completionTokens += OpenAiBodyInspector.Inspect(sse.Data.Span).Usage?.CompletionTokens ?? 0;
            }
        }

        return completionTokens;
    }
}
