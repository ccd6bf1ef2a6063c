using ModelGate.Core.Configuration;
using ModelGate.Providers;

namespace ModelGate.Server.Hosting;

/// <summary>
/// Watches the config file and swaps in a new snapshot when it changes. An invalid file is logged with each
/// error's path and otherwise ignored: the running config stays. Bursts of file events are folded into one load.
/// </summary>
public sealed partial class ConfigReloader(
    ConfigFile file, ConfigLoader loader, ProviderFactory providers, SnapshotBuilder builder, GatewayState state, MasterKey masterKey,
    ILogger<ConfigReloader> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly Lock gate = new();
    private FileSystemWatcher? watcher;
    private Timer? timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(file.Path);
        timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Schedule();
        watcher.Created += (_, _) => Schedule();
        watcher.Renamed += (_, _) => Schedule();
        watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        watcher?.Dispose();
        timer?.Dispose();
    }

    private void Schedule() => timer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        lock (gate)
        {
            var result = ConfigFileLoader.Load(file.Path, loader, providers);
            if (result.IsValid && result.Config!.Server.MasterKey is null && !masterKey.IsGenerated)
            {
                // The listener was bound for a configured key; a generated one would leave it open beyond loopback.
                result = new ConfigLoadResult(null, [new ConfigError("server.master_key", "cannot be removed while the gateway runs; restart to run with a generated key")]);
            }

            if (!result.IsValid)
            {
                LogRejected(logger, file.Path, result.Errors.Count);
                foreach (var error in result.Errors)
                {
                    LogConfigError(logger, error.ToString());
                }

                return;
            }

            var current = state.Current.Config;
            if (result.Config!.Server.Listen != current.Server.Listen)
            {
                LogListenChanged(logger, current.Server.Listen.ToString());
            }

            try
            {
                state.Replace(builder.Build(result.Config));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogBuildFailed(logger, e, file.Path);
                return;
            }

            LogReloaded(logger, file.Path, result.Config.Models.Count, result.Config.Providers.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Config reload rejected: {Path} has {Count} error(s); the running config stays")]
    private static partial void LogRejected(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Config error: {Error}")]
    private static partial void LogConfigError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Config reload rejected: the providers in {Path} could not be built; the running config stays")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "server.listen changed; it takes effect on restart (still listening on {Listen})")]
    private static partial void LogListenChanged(ILogger logger, string listen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Config reloaded from {Path}: {Models} model(s), {Providers} provider(s)")]
    private static partial void LogReloaded(ILogger logger, string path, int models, int providers);
}

/// <summary>The path of the config file this process serves.</summary>
public sealed record ConfigFile(string Path);
