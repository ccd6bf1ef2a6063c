using System.Text;
using ModelGate.Core.Configuration;
using ModelGate.Core.Pricing;
using ModelGate.Core.Tests.Configuration;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Tests.Pricing;

public sealed class PricingTests
{
    private static readonly DeploymentPrice Sonnet = new(3m, 15m, CachedInputPerMillion: 0.3m, CacheWritePerMillion: 3.75m);

    [Fact]
    public void TheShippedCatalogHasTheProvidersPublishedPrices()
    {
        var catalog = PriceCatalog.Shipped;

        Assert.True(catalog.Count > 500);
        Assert.Equal(new DeploymentPrice(0.15m, 0.6m, CachedInputPerMillion: 0.075m), catalog.Find("openai", "gpt-4o-mini"));
        Assert.Equal(Sonnet, catalog.Find("anthropic", "claude-sonnet-4-5"));
        Assert.Equal(1.25m, catalog.Find("gemini", "gemini-2.5-pro")!.InputPerMillion);
        Assert.Null(catalog.Find("openai-compatible", "gpt-4o-mini"));
        Assert.Null(catalog.Find("openai", "no-such-model"));
    }

    [Fact]
    public void CostPricesEachKindOfTokenOnItsOwn()
    {
        // 10,000 prompt tokens of which 6,000 were read from cache and 1,000 written to it; 2,000 output tokens.
        var usage = new TokenUsage(10_000, 2_000, 12_000, CachedPromptTokens: 6_000, CacheCreationTokens: 1_000);

        // 3,000 × $3 + 6,000 × $0.30 + 1,000 × $3.75 + 2,000 × $15, per million.
        Assert.Equal(0.04455m, Cost.Of(usage, Sonnet));
    }

    [Fact]
    public void ReasoningTokensUseTheirOwnPriceOrTheOutputPrice()
    {
        var usage = new TokenUsage(1_000, 5_000, 6_000, ReasoningTokens: 4_000);

        // 1,000 input × $2 + 1,000 visible output × $2 + 4,000 reasoning × $2.50, per million.
        Assert.Equal(0.014m, Cost.Of(usage, new DeploymentPrice(2m, 2m, ReasoningPerMillion: 2.5m)));
        Assert.Equal(0.012m, Cost.Of(usage, new DeploymentPrice(2m, 2m)));
    }

    [Fact]
    public void CostIsExactInDecimal()
    {
        var usage = new TokenUsage(1, 1, 2);

        Assert.Equal(0.00000075m, Cost.Of(usage, new DeploymentPrice(0.15m, 0.6m)));
    }

    [Fact]
    public void AConfiguredPriceWinsOverTheCatalogAndUnknownStaysUnknown()
    {
        var config = ConfigYaml.LoadValid("""
            providers:
              openai: { type: openai, api_key: sk-test }
              local: { type: openai-compatible, base_url: "http://127.0.0.1:1/v1" }
            models:
              m:
                deployments:
                  - { provider: openai, model: gpt-4o-mini }
                  - { provider: openai, model: gpt-4o-mini, price: { input_per_mtok: 1, output_per_mtok: 2, cached_input_per_mtok: 0.5 } }
                  - { provider: local, model: gpt-4o-mini }
                  - { provider: openai, model: tomorrows-model }
            """);
        var table = new PriceTable(config, PriceCatalog.Shipped);
        var deployments = config.Models["m"].Deployments;

        Assert.Equal(0.15m, table.For(deployments[0])!.InputPerMillion);
        Assert.Equal(new DeploymentPrice(1m, 2m, CachedInputPerMillion: 0.5m), table.For(deployments[1]));
        Assert.Null(table.For(deployments[2]));
        Assert.Null(table.For(deployments[3]));
    }

    [Fact]
    public void ACatalogIsReadFromItsDocument()
    {
        var catalog = PriceCatalog.Parse(Encoding.UTF8.GetBytes("""
            {"source":"s","updated":"2026-01-01","models":{"openai/x":{"input_per_mtok":"0.1","output_per_mtok":"0.4","reasoning_per_mtok":"1e-1","max_input_tokens":10}}}
            """));

        Assert.Equal("2026-01-01", catalog.Updated);
        Assert.Equal(new DeploymentPrice(0.1m, 0.4m, ReasoningPerMillion: 0.1m), catalog.Find("openai", "x"));
    }
}
