using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using ModelGate.Core.Budgets;
using ModelGate.Core.Governance;
using ModelGate.Core.Spend;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Spend;

/// <summary>
/// Delivers budget alerts off the request path: each is logged at Warning, counted, kept in the alert log for
/// <c>GET /admin/budget-alerts</c>, and posted as JSON to <c>budgets.alert_webhook</c> when one is set (with a
/// <c>text</c> field, so a Slack or Mattermost incoming webhook shows it as it is).
/// </summary>
public sealed partial class BudgetAlertPublisher(
    IBudgetAlertLog alertLog, GatewayState state, IHttpClientFactory httpClients, ILogger<BudgetAlertPublisher> logger)
    : BackgroundService, IBudgetAlertSink
{
    public const string WebhookClient = "budget-alerts";

    private readonly Channel<BudgetAlert> queue = Channel.CreateBounded<BudgetAlert>(
        new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public void Raise(BudgetAlert alert)
    {
        SpendMetrics.BudgetAlerts.Add(1);
        LogAlert(logger, alert.Subject.Name, alert.Percent, alert.Spent, alert.Subject.Limit, alert.Subject.Period.ToString().ToLowerInvariant());
        if (!queue.Writer.TryWrite(alert))
        {
            LogDropped(logger, alert.Subject.Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await alertLog.AppendAsync(alert, stoppingToken);
                if (state.Current.Config.Budgets.AlertWebhook is { } webhook)
                {
                    await PostAsync(httpClients.CreateClient(WebhookClient), webhook, alert, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The webhook's URL may hold a token: only its host is logged.
                LogDeliveryFailed(logger, alert.Subject.Name, state.Current.Config.Budgets.AlertWebhook?.Host, e.Message);
            }
        }
    }

    private static async Task PostAsync(HttpClient client, Uri webhook, BudgetAlert alert, CancellationToken cancellation)
    {
        var subject = alert.Subject;
        var period = subject.Period.ToString().ToLowerInvariant();
        var payload = new AlertPayload(
            "budget_alert",
            string.Create(CultureInfo.InvariantCulture,
                $"ModelGate: {subject.Name} has spent {alert.Percent}% of its ${subject.Limit:0.######} {period} budget (${alert.Spent:0.######})."),
            subject.Id, subject.Name, subject.TeamId, alert.Percent, alert.Spent, subject.Limit, period,
            subject.Period == BudgetPeriod.Never ? null : alert.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            BudgetPeriods.ResetsAt(subject.Period, alert.PeriodStart), alert.At);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await client.PostAsJsonAsync(webhook, payload, AlertJson.Default.AlertPayload, timeout.Token);
        response.EnsureSuccessStatusCode();
    }

    [LoggerMessage(EventName = "BudgetAlert", Level = LogLevel.Warning,
        Message = "Budget alert: {Subject} has spent {Percent}% of its budget (${Spent} of ${Limit}, {Period})")]
    private static partial void LogAlert(ILogger logger, string subject, int percent, decimal spent, decimal limit, string period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget alert for {Subject} dropped: too many alerts waiting to be delivered")]
    private static partial void LogDropped(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget alert for {Subject} not delivered (webhook host {Host}): {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, string subject, string? host, string reason);
}

/// <summary>The JSON posted to <c>budgets.alert_webhook</c>.</summary>
public sealed record AlertPayload(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("subject_id")] string SubjectId,
    [property: JsonPropertyName("subject_name")] string SubjectName,
    [property: JsonPropertyName("team_id")] string? TeamId,
    [property: JsonPropertyName("percent")] int Percent,
    [property: JsonPropertyName("spent_usd")] decimal SpentUsd,
    [property: JsonPropertyName("max_budget_usd")] decimal MaxBudgetUsd,
    [property: JsonPropertyName("budget_period")] string BudgetPeriod,
    [property: JsonPropertyName("period_start")] string? PeriodStart,
    [property: JsonPropertyName("resets_at")] DateTimeOffset? ResetsAt,
    [property: JsonPropertyName("at")] DateTimeOffset At);

[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class AlertJson : JsonSerializerContext;
