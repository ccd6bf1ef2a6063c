using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

public sealed class ConfigLoaderBudgetsTests
{
    private const string Models = "providers:\n  demo: { type: mock }\nmodels:\n  demo:\n    deployments: [{ provider: demo, model: echo }]\n";

    [Fact]
    public void Without_a_budgets_section_unknown_prices_are_refused_and_alerts_come_at_80_and_100_percent()
    {
        var budgets = Load(Models).Budgets;

        Assert.Equal(UnknownPricePolicy.Reject, budgets.UnknownPrice);
        Assert.Equal([80, 100], budgets.AlertThresholds);
        Assert.Null(budgets.AlertWebhook);
    }

    [Fact]
    public void Every_field_is_read_and_thresholds_sorted()
    {
        var budgets = Load("budgets:\n  unknown_price: allow\n  alert_thresholds: [90, 50, 90]\n  alert_webhook: https://hooks.example.com/T0/B0/x\n" + Models).Budgets;

        Assert.Equal(UnknownPricePolicy.Allow, budgets.UnknownPrice);
        Assert.Equal([50, 90], budgets.AlertThresholds);
        Assert.Equal(new Uri("https://hooks.example.com/T0/B0/x"), budgets.AlertWebhook);
    }

    [Theory]
    [InlineData("budgets:\n  unknown_price: maybe\n", "budgets.unknown_price")]
    [InlineData("budgets:\n  alert_thresholds: [80, 0.5]\n", "budgets.alert_thresholds[1]")]
    [InlineData("budgets:\n  alert_thresholds: [101]\n", "budgets.alert_thresholds[0]")]
    [InlineData("budgets:\n  alert_webhook: ftp://example.com/x\n", "budgets.alert_webhook")]
    [InlineData("budgets:\n  alert_webhok: https://example.com/x\n", "budgets.alert_webhok")]
    public void Bad_values_are_errors_naming_the_field(string section, string path)
    {
        var result = new ConfigLoader(new EnvInterpolator(_ => null)).Load(section + Models);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Path == path);
    }

    private static GatewayConfig Load(string yaml)
    {
        var result = new ConfigLoader(new EnvInterpolator(_ => null)).Load(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config!;
    }
}
