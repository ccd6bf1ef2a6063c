using System.Text;
using BenchmarkDotNet.Attributes;
using ModelGate.Benchmarks.Fixtures;
using ModelGate.Core.Routing;

namespace ModelGate.Benchmarks.Routing;

/// <summary>
/// The per-request token estimate: a body's length alone (the baseline), the bench's 1.7 KB text request, and a
/// request with a 400 KB base64 image, which is walked as JSON to count the image apart from its bytes.
/// </summary>
[MemoryDiagnoser]
public class TokenEstimateBenchmarks
{
    private byte[] text = [];
    private byte[] image = [];

    [GlobalSetup]
    public void Setup()
    {
        text = ChatRequests.Body(stream: false);
        var url = "data:image/png;base64," + Convert.ToBase64String(new byte[300_000]);
        image = Encoding.UTF8.GetBytes(
            "{\"model\":\"bench\",\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"," +
            "\"text\":\"What is in this picture?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}");
    }

    [Benchmark(Baseline = true)]
    public long LengthOnly() => new TokenEstimate(text.Length / 4, 512).Total;

    [Benchmark]
    public long TextRequest() => TokenEstimate.For(text, 512).Total;

    [Benchmark]
    public long ImageRequest() => TokenEstimate.For(image, 512).Total;
}
