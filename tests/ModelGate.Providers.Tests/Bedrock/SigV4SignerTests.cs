using System.Text;
using System.Text.Json.Nodes;
using ModelGate.Providers.Bedrock.Signing;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>The signer against AWS's published SigV4 test suite (see Fixtures/sigv4/README.md).</summary>
public sealed class SigV4SignerTests
{
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static TheoryData<string> Cases() =>
        [.. JsonNode.Parse(BedrockTestKit.Fixture("sigv4", "vectors.json"))!.AsArray().Select(v => v!["name"]!.GetValue<string>())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheTestSuite(string name)
    {
        var vector = JsonNode.Parse(BedrockTestKit.Fixture("sigv4", "vectors.json"))!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;
        var headers = vector["headers"]!.AsArray().Select(h => KeyValuePair.Create(h![0]!.GetValue<string>(), h[1]!.GetValue<string>()));
        var query = vector["query"]!.AsArray().Select(q => KeyValuePair.Create(q![0]!.GetValue<string>(), q[1]!.GetValue<string>()));
        var payloadHash = SigV4Signer.PayloadHash(Encoding.UTF8.GetBytes(vector["body"]!.GetValue<string>()));

        var signature = SigV4Signer.Sign(vector["method"]!.GetValue<string>(), vector["path"]!.GetValue<string>(), query, headers,
            payloadHash, SuiteCredentials, "us-east-1", "service", SuiteTime);

        if (vector["canonicalRequest"] is { } canonical)
        {
            Assert.Equal(canonical.GetValue<string>(), signature.CanonicalRequest);
        }

        if (vector["stringToSign"] is { } stringToSign)
        {
            Assert.Equal(stringToSign.GetValue<string>(), signature.StringToSign);
        }

        Assert.Equal(vector["authorization"]!.GetValue<string>(), signature.Authorization);
    }

    [Fact]
    public void PathSegmentsAreEncodedOnceMoreThanOnTheWire()
    {
        var signature = SigV4Signer.Sign("POST", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", [],
            [KeyValuePair.Create("host", "bedrock-runtime.us-east-1.amazonaws.com"), KeyValuePair.Create("x-amz-date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash, SuiteCredentials, "us-east-1", "bedrock", SuiteTime);

        Assert.StartsWith("POST\n/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse\n\n", signature.CanonicalRequest);
        Assert.Contains("Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request", signature.Authorization);
    }

    [Fact]
    public void HeaderValuesAreTrimmedAndInnerSpacesCollapsed()
    {
        var signature = SigV4Signer.Sign("GET", "/", [],
            [KeyValuePair.Create("Host", "example.amazonaws.com"), KeyValuePair.Create("My-Header1", "  a   b  c "), KeyValuePair.Create("X-Amz-Date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash, SuiteCredentials, "us-east-1", "service", SuiteTime);

        Assert.Contains("\nmy-header1:a b c\n", signature.CanonicalRequest);
        Assert.Equal("host;my-header1;x-amz-date", signature.SignedHeaders);
    }
}
