using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelGate.Core.Budgets;
using ModelGate.Core.Spend;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Budgets;

/// <summary>
/// Budgets through the real host. The mock deployment costs $1 per output token and nothing for input, and a request
/// for "abcdefgh" with <c>max_tokens: 2</c> is answered with exactly 2 tokens, so its estimate equals its cost: $2.
/// </summary>
public sealed class BudgetTests : GovernedTestBase
{
    private const string Priced = """{"model":"priced","messages":[{"role":"user","content":"abcdefgh"}],"max_tokens":2}""";

    protected override string Config(string upstreamBaseUrl) => $$"""
        providers:
          up:
            type: openai-compatible
            base_url: {{upstreamBaseUrl}}
            api_key: {{UpstreamConfig.ProviderKey}}
          demo:
            type: mock
        models:
          priced:
            deployments: [{ provider: demo, model: echo, price: { input_per_mtok: 0, output_per_mtok: 1000000 } }]
          gpt:
            deployments: [{ provider: up, model: gpt-4o-mini, price: { input_per_mtok: 1000000, output_per_mtok: 1000000 } }]
          unpriced:
            deployments: [{ provider: up, model: local-model }]
        budgets:
          alert_thresholds: [50]
          alert_webhook: {{upstreamBaseUrl}}/hooks/budget
        """;

    private ISpendLedger Ledger => Gateway.Services.GetRequiredService<ISpendLedger>();

    private async Task<SpendRow?> SpendOfAsync(string keyId) =>
        (await Ledger.QueryAsync(new SpendQuery(SpendGrouping.Key, KeyId: keyId))).SingleOrDefault();

    private static void AssertBudgetExceeded(HttpResponseMessage response, JsonElement body, string message)
    {
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_budget_of_n_allows_spending_exactly_n_then_answers_402_naming_it()
    {
        var (key, id) = await CreateKeyWithIdAsync(new { name = "boundary", max_budget_usd = 10, budget_period = "monthly" });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(key, body: Priced)).Response.StatusCode);
        }

        var (refused, body) = await PostAsync(key, body: Priced);
        AssertBudgetExceeded(refused, body, "key 'boundary' budget of $10 per month is exhausted: $10 spent");
        Assert.Contains("it resets at ", body.GetProperty("error").GetProperty("message").GetString());

        await WaitUntil(async () => (await SpendOfAsync(id))?.Requests == 5);
        Assert.Equal(10m, (await SpendOfAsync(id))!.CostUsd);
    }

    [Fact]
    public async Task A_hundred_parallel_requests_against_a_budget_for_ten_spend_exactly_the_budget()
    {
        var (key, id) = await CreateKeyWithIdAsync(new { name = "crowd", max_budget_usd = 20 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => PostAsync(key, body: Priced)));

        Assert.Equal(10, answers.Count(answer => answer.Response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(90, answers.Count(answer => answer.Response.StatusCode == HttpStatusCode.PaymentRequired));
        await WaitUntil(async () => (await SpendOfAsync(id))?.Requests == 10);
        Assert.Equal(20m, (await SpendOfAsync(id))!.CostUsd);
    }

    [Fact]
    public async Task A_team_budget_is_shared_by_its_keys_and_named_when_spent()
    {
        var team = await CreateTeamAsync(new { name = "research", max_budget_usd = 4, budget_period = "daily" });
        var a = await CreateKeyAsync(new { name = "a", team_id = team });
        var b = await CreateKeyAsync(new { name = "b", team_id = team, max_budget_usd = 100 });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a, body: Priced)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(b, body: Priced)).Response.StatusCode);

        var (refused, body) = await PostAsync(a, body: Priced);
        AssertBudgetExceeded(refused, body, "team 'research' budget of $4 per day is exhausted");
    }

    [Fact]
    public async Task The_messages_api_answers_an_exhausted_budget_with_anthropics_billing_error()
    {
        var key = await CreateKeyAsync(new { name = "claude-code", max_budget_usd = 2 });
        const string messages = """{"model":"priced","max_tokens":2,"messages":[{"role":"user","content":"abcdefgh"}]}""";

        Assert.Equal(HttpStatusCode.OK, (await SendMessagesAsync(key, messages)).StatusCode);
        using var refused = await SendMessagesAsync(key, messages);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("billing_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("key 'claude-code' budget of $2", body.GetProperty("error").GetProperty("message").GetString());
    }

    private Task<HttpResponseMessage> SendMessagesAsync(string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = ChatBodies.Json(body) };
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return Gateway.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_stream_cut_midway_is_billed_at_its_estimate()
    {
        // Garbage after two good chunks: the stream fails once it has started, whatever the timing.
        Upstream.Handler = (context, _) =>
            OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("", role: "assistant"), OpenAiWire.Chunk("Hel"), "not json"], done: false);
        var (key, id) = await CreateKeyWithIdAsync(new { name = "cut", max_budget_usd = 1000 });
        var body = ChatBodies.Simple("gpt", stream: true, extra: ",\"max_tokens\":7");

        var (response, _) = await PostAsync(key, body: body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimatedInput = Encoding.UTF8.GetByteCount(body) / 4;
        await WaitUntil(async () => (await SpendOfAsync(id))?.Requests == 1);
        var spend = (await SpendOfAsync(id))!;
        Assert.Equal(estimatedInput, spend.PromptTokens);
        Assert.Equal(7, spend.CompletionTokens);
        Assert.Equal(estimatedInput + 7m, spend.CostUsd);
    }

    [Fact]
    public async Task A_client_that_leaves_a_stream_is_still_billed()
    {
        Upstream.Handler = async (context, _) =>
        {
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("", role: "assistant"), OpenAiWire.Chunk("Hel")], done: false);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        var (key, id) = await CreateKeyWithIdAsync(new { name = "leaver", max_budget_usd = 1000 });
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = ChatBodies.Json(ChatBodies.Simple("gpt", stream: true, extra: ",\"max_tokens\":5")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using (var response = await Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[64]) > 0);
        }

        await Upstream.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntil(async () => (await SpendOfAsync(id))?.Requests == 1);
        Assert.Equal(5, (await SpendOfAsync(id))!.CompletionTokens);
    }

    [Fact]
    public async Task A_finished_answer_is_billed_on_the_providers_usage_at_the_deployments_price()
    {
        var (key, id) = await CreateKeyWithIdAsync(new { name = "exact", max_budget_usd = 1000 });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(key, "gpt")).Response.StatusCode);

        // OpenAiWire.Usage: 19 prompt tokens (3 cached), 10 completion (2 reasoning), all at $1 a token.
        await WaitUntil(async () => (await SpendOfAsync(id))?.Requests == 1);
        var spend = (await SpendOfAsync(id))!;
        Assert.Equal(29m, spend.CostUsd);
        Assert.Equal(3, spend.CachedTokens);
        Assert.Equal(2, spend.ReasoningTokens);
    }

    [Fact]
    public async Task A_request_that_got_no_answer_costs_nothing_and_holds_nothing()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("boom", "server_error", null, null));
        var (key, id) = await CreateKeyWithIdAsync(new { name = "unlucky", max_budget_usd = 1000 });

        Assert.Equal(HttpStatusCode.BadGateway, (await PostAsync(key, "gpt")).Response.StatusCode);

        var status = Gateway.Services.GetRequiredService<IBudgetTracker>()
            .StatusOf(new BudgetSubject("key:" + id, "key 'unlucky'", 1000m, Core.Governance.BudgetPeriod.Never, null));
        await WaitUntil(() => Gateway.Services.GetRequiredService<IBudgetTracker>().StatusOf(status.Subject).Reserved == 0);
        Assert.Equal(0m, status.Spent);
        Assert.Null(await SpendOfAsync(id));
    }

    [Fact]
    public async Task A_key_with_a_budget_is_refused_a_deployment_without_a_price()
    {
        var key = await CreateKeyAsync(new { name = "careful", max_budget_usd = 5 });

        var (response, body) = await PostAsync(key, "unpriced");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal("price_unknown", error.GetProperty("code").GetString());
        Assert.Contains("'up/local-model'", error.GetProperty("message").GetString());
        Assert.Contains("key 'careful' has a budget", error.GetProperty("message").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Without_a_budget_an_unknown_price_is_served_and_recorded_as_unknown_never_zero()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(TestGateway.MasterKey, "unpriced")).Response.StatusCode);

        await WaitUntil(async () => (await SpendOfAsync("master"))?.Requests == 1);
        var spend = (await SpendOfAsync("master"))!;
        Assert.Equal(1, spend.UnknownCostRequests);
        Assert.Equal(0m, spend.CostUsd);
        Assert.Equal(19, spend.PromptTokens);
    }

    [Fact]
    public async Task Crossing_an_alert_threshold_posts_to_the_webhook_and_keeps_the_alert()
    {
        var webhook = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = async (context, recorded) =>
        {
            if (recorded.Path == "/v1/hooks/budget")
            {
                webhook.TrySetResult(recorded.Json);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("unused"));
        };
        var (key, id) = await CreateKeyWithIdAsync(new { name = "watched", max_budget_usd = 3, budget_period = "weekly" });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(key, body: Priced)).Response.StatusCode);

        var posted = await webhook.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("budget_alert", posted.GetProperty("type").GetString());
        Assert.Equal("key:" + id, posted.GetProperty("subject_id").GetString());
        Assert.Equal(50, posted.GetProperty("percent").GetInt32());
        Assert.Equal(2m, posted.GetProperty("spent_usd").GetDecimal());
        Assert.Equal(3m, posted.GetProperty("max_budget_usd").GetDecimal());
        Assert.Equal("weekly", posted.GetProperty("budget_period").GetString());
        Assert.Contains("key 'watched' has spent 50% of its $3 weekly budget", posted.GetProperty("text").GetString());

        var alerts = Gateway.Services.GetRequiredService<IBudgetAlertLog>();
        await WaitUntil(async () => (await alerts.ListAsync(null, 10)).Count == 1);
        Assert.Equal(50, (await alerts.ListAsync(null, 10))[0].Percent);
        Assert.Contains(Gateway.Logs.Lines, line => line.Contains("Budget alert: key 'watched' has spent 50%"));
    }
}
