using BenchmarkDotNet.Attributes;
using ModelGate.Benchmarks.Fixtures;
using ModelGate.Core.Requests;

namespace ModelGate.Benchmarks.Requests;

/// <summary>
/// The pass-through fast path on a ~1.7 KB request: parse once, then rewrite the model (and, for a stream,
/// add <c>stream_options.include_usage</c>).
/// </summary>
[MemoryDiagnoser]
public class PassThroughBenchmarks
{
    private const string UpstreamModel = "gpt-4o-mini";
    private byte[] body = [];
    private byte[] streamBody = [];

    [GlobalSetup]
    public void Setup()
    {
        body = ChatRequests.Body(stream: false);
        streamBody = ChatRequests.Body(stream: true);
        if (ParseAndRewrite(body) == 0 || ParseAndRewrite(streamBody) <= streamBody.Length)
        {
            throw new InvalidOperationException("the fixture request does not take the pass-through path");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Parse() => ChatRequestParser.Parse(body, out _) is not null;

    [Benchmark]
    public int ParseAndRewrite() => ParseAndRewrite(body);

    [Benchmark]
    public int ParseAndRewriteStream() => ParseAndRewrite(streamBody);

    private static int ParseAndRewrite(byte[] bytes)
    {
        var request = ChatRequestParser.Parse(bytes, out var error) ?? throw new InvalidOperationException(error?.ToString());
        return PassThroughRewriter.Rewrite(request, UpstreamModel).Length;
    }
}
