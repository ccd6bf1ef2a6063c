using ModelGate.Core.Governance;

namespace ModelGate.Server.Admin;

/// <summary>
/// Polls the stores for key and team changes made outside this process (the CLI, another node), so a key revoked
/// elsewhere stops working here within <see cref="Interval"/>. Changes made through this process's admin API apply at once.
/// </summary>
public sealed partial class KeyCacheRefresher(VirtualKeyCache cache, TimeProvider time, ILogger<KeyCacheRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await cache.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogRefreshFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the virtual key cache failed; the keys known so far stay in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
