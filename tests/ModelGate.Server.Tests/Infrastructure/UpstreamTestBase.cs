using ModelGate.Server.Tests.Chat;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>A fresh fake upstream and a gateway routing model <c>gpt</c> to it, for each test.</summary>
public abstract class UpstreamTestBase : IAsyncLifetime
{
    protected FakeUpstream Upstream { get; private set; } = null!;

    protected TestGateway Gateway { get; private set; } = null!;

    /// <summary>The gateway's YAML, given the upstream's base URL.</summary>
    protected virtual string Config(string upstreamBaseUrl) => UpstreamConfig.For(upstreamBaseUrl);

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Gateway = await TestGateway.StartAsync(Config(Upstream.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
