using System.Text;
using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

public sealed class TokenEstimateTests
{
    private static readonly string Base64 = Convert.ToBase64String(new byte[300_000]);

    private static TokenEstimate Estimate(string json) => TokenEstimate.For(Encoding.UTF8.GetBytes(json), 100);

    private static long TextTokens(string json, string file) => (Encoding.UTF8.GetByteCount(json) - file.Length) / 4;

    [Fact]
    public void AnOpenAiImageDataUrlCountsAsOneFileNotItsBytes()
    {
        var url = "data:image/png;base64," + Base64;
        var json = $$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""";

        Assert.Equal(TextTokens(json, url) + TokenEstimate.EmbeddedFileTokens, Estimate(json).Input);
    }

    [Fact]
    public void AnthropicBase64SourcesAndOpenAiAudioCountAsFiles()
    {
        var json = $$$"""
            {"model":"m","max_tokens":100,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"{{{Base64}}}"}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{{Base64}}}"}},
              {"type":"input_audio","input_audio":{"data":"{{{Base64}}}","format":"wav"}}]}]}
            """;

        var textBytes = Encoding.UTF8.GetByteCount(json) - 3 * Base64.Length;
        Assert.Equal(textBytes / 4 + 3 * TokenEstimate.EmbeddedFileTokens, Estimate(json).Input);
    }

    [Fact]
    public void AResponsesFileDataUrlCountsAsAFile()
    {
        var file = "data:application/pdf;base64," + Base64;
        var json = $$$"""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","filename":"a.pdf","file_data":"{{{file}}}"}]}]}""";

        Assert.Equal(TextTokens(json, file) + TokenEstimate.EmbeddedFileTokens, Estimate(json).Input);
    }

    [Fact]
    public void PlainTextIsCountedByItsBytesEvenUnderDataOrMentioningDataUrls()
    {
        var prose = string.Join(' ', Enumerable.Repeat("the grass is green and the sky is blue", 50));
        var json = $$$"""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"{{{prose}}}"}},
              {"type":"text","text":"a short data: note"},
              {"type":"text","text":"\"data\" {{{prose}}}"}]}]}
            """;

        Assert.Equal(Encoding.UTF8.GetByteCount(json) / 4, Estimate(json).Input);
    }

    [Fact]
    public void ABodyThatIsNotJsonIsCountedByItsBytes()
    {
        var body = "{\"data\":\"" + Base64; // cut short: the endpoint would have refused it, the estimate must not throw

        Assert.Equal(Encoding.UTF8.GetByteCount(body) / 4, Estimate(body).Input);
    }

    [Theory]
    [InlineData(4000, null, 1000, 500)]
    [InlineData(4000, 64, 1000, 64)]
    [InlineData(4000, 1_000_000, 1000, 4000)]
    public void TheEstimateUsesTheBodySizeAndTheOutputLimit(int bytes, int? maxTokens, long input, long output)
    {
        Assert.Equal(new TokenEstimate(input, output), TokenEstimate.For(new byte[bytes], maxTokens));
    }

    [Fact]
    public void CostIsPricedPerMillionTokens()
    {
        Assert.Equal(0.0035m, new TokenEstimate(1000, 100).CostAt(new DeploymentPrice(2.5m, 10m)));
    }
}
