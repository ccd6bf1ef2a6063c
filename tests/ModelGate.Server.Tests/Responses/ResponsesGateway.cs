using System.ClientModel;
using System.ClientModel.Primitives;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI;
using OpenAI.Responses;

namespace ModelGate.Server.Tests.Responses;

#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental

/// <summary>A gateway whose model <c>conv</c> goes to a fake upstream speaking one provider's wire format, with a second key.</summary>
public sealed class ResponsesGateway : IAsyncDisposable
{
    public const string Model = "conv";
    public const string OtherKey = "mg-test-other-key-0123456789abcd";

    private ResponsesGateway(FakeUpstream upstream, TestGateway gateway)
    {
        Upstream = upstream;
        Gateway = gateway;
    }

    public FakeUpstream Upstream { get; }

    public TestGateway Gateway { get; }

    public static async Task<ResponsesGateway> StartAsync(IProviderFake fake, string extra = "")
    {
        var upstream = await FakeUpstream.StartAsync();
        var gateway = await SingleProviderGateway.StartAsync(fake.ProviderYaml(upstream.Root), Model, fake.UpstreamModel, $"""
            keys:
              - {"{"} name: other, key: {OtherKey} {"}"}
            {extra}
            """);
        return new ResponsesGateway(upstream, gateway);
    }

    /// <summary>The official SDK's Responses client pointed at the gateway, with the SDK's own retries off.</summary>
    public ResponsesClient Client(string key = TestGateway.MasterKey) =>
        new(new ApiKeyCredential(key), new ResponsesClientOptions
        {
            Endpoint = new Uri(Gateway.BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
