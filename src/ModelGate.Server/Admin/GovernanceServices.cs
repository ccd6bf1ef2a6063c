using ModelGate.Core.Configuration;
using ModelGate.Core.Governance;

namespace ModelGate.Server.Admin;

/// <summary>Registers the governance database, the virtual key cache, its refresher and the admin API.</summary>
public static partial class GovernanceServices
{
    public static IServiceCollection AddGovernance(this IServiceCollection services, string configPath, GatewayConfig config)
    {
        services.AddSingleton(provider => GovernanceStores.Open(configPath, config, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => provider.GetRequiredService<GovernanceStores>().Keys);
        services.AddSingleton(provider => provider.GetRequiredService<GovernanceStores>().Teams);
        services.AddSingleton(provider => provider.GetRequiredService<GovernanceStores>().Audit);
        services.AddSingleton(provider =>
        {
            var stores = provider.GetRequiredService<GovernanceStores>();
            return new VirtualKeyCache(stores.Keys, stores.Teams, stores.Hasher, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider => new GovernanceService(
            provider.GetRequiredService<GovernanceStores>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<VirtualKeyCache>()));
        services.AddHostedService<KeyCacheRefresher>();
        services.AddSingleton<KeyAdminEndpoints>().AddSingleton<TeamAdminEndpoints>().AddSingleton<AdminEndpoints>()
            .AddSingleton<SpendAdminEndpoints>();
        services.AddAdminOpenApi();
        return services;
    }

    /// <summary>Opens the database and loads every key before the first request, warning when the pepper comes from a file.</summary>
    public static void StartGovernance(this WebApplication app)
    {
        var stores = app.Services.GetRequiredService<GovernanceStores>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ModelGate.Server.Governance");
        LogDatabase(logger, stores.Database.Path, stores.Database.MigrationsApplied);
        if (stores.PepperFile is { } file)
        {
            LogPepperFile(logger, file);
        }

        stores.SpendFlushFailed = error => LogSpendFlushFailed(logger, error.Message);
        app.Services.GetRequiredService<VirtualKeyCache>().RefreshAsync().GetAwaiter().GetResult();
        AdminEndpoints.Map(app);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Governance database {Path} open ({Migrations} migration(s) applied now)")]
    private static partial void LogDatabase(ILogger logger, string path, int migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "MODELGATE_KEY_PEPPER is not set, so virtual keys are hashed with the pepper kept in {File}. Keep that file with the database and out of backups others can read; set MODELGATE_KEY_PEPPER in production.")]
    private static partial void LogPepperFile(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing spend to the database failed; it stays in memory and is tried again: {Reason}")]
    private static partial void LogSpendFlushFailed(ILogger logger, string reason);
}
