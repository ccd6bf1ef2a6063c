using ModelGate.Core.Budgets;
using ModelGate.Core.Spend;
using ModelGate.Server.Admin;
using ModelGate.Server.Endpoints;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Spend;

/// <summary>Registers the spend ledger, the budget tracker, budget alerts and the admission stage that uses them.</summary>
public static class SpendServices
{
    public static IServiceCollection AddSpend(this IServiceCollection services)
    {
        services.AddSingleton<ISpendLedger>(provider => provider.GetRequiredService<GovernanceStores>().Spend);
        services.AddSingleton<IBudgetAlertLog>(provider => provider.GetRequiredService<GovernanceStores>().BudgetAlerts);
        services.AddHttpClient(BudgetAlertPublisher.WebhookClient);
        services.AddSingleton<BudgetAlertPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<BudgetAlertPublisher>());
        services.AddSingleton<IBudgetTracker>(provider => new InMemoryBudgetTracker(
            provider.GetRequiredService<ISpendLedger>(),
            provider.GetRequiredService<BudgetAlertPublisher>(),
            () => provider.GetRequiredService<GatewayState>().Current.Config.Budgets.AlertThresholds,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AdmissionStage>();
        return services;
    }
}
