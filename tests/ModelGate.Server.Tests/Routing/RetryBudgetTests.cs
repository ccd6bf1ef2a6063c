using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>With the retry budget spent, a failed round is answered instead of retried.</summary>
public sealed class RetryBudgetTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await TestGateway.StartAsync($$"""
            routing:
              retries: { max: 3, base_ms: 1, budget_percent: 0, budget_min: 1 }
            providers:
              a: { type: openai-compatible, base_url: "{{upstream.BaseUrl}}" }
            models:
              alpha:
                deployments:
                  - { provider: a, model: alpha-up }
              beta:
                deployments:
                  - { provider: a, model: beta-up }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_retry_holds_its_slot_until_its_round_ends_so_another_request_cannot_retry_meanwhile()
    {
        // One retry slot. Alpha fails, takes the slot and retries; its retry hangs until beta has been answered.
        var alphaCalls = 0;
        var betaAnswered = new TaskCompletionSource();
        upstream.Handler = async (context, request) =>
        {
            if (request.Json.GetProperty("model").GetString() == "alpha-up" && Interlocked.Increment(ref alphaCalls) > 1)
            {
                await betaAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("alpha at last"));
                return;
            }

            await OpenAiWire.WriteJsonAsync(context, 502, OpenAiWire.Error("bad gateway", "server_error", null, null));
        };

        var alpha = gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("alpha")));
        await WaitUntilAsync(() => Volatile.Read(ref alphaCalls) == 2);
        var beta = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("beta")));
        betaAnswered.SetResult();

        await ErrorTests.AssertErrorAsync(beta, 502, "upstream_error");
        Assert.Single(upstream.Requests, sent => sent.Json.GetProperty("model").GetString() == "beta-up");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await alpha).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 10_000, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
