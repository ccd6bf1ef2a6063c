using ModelGate.Core.Usage;

namespace ModelGate.Server.Endpoints;

/// <summary>What one request's log line says, filled in as the stages run.</summary>
public sealed class RequestLog(string requestId)
{
    public string RequestId { get; } = requestId;

    public string? Model { get; set; }

    /// <summary>The deployment tried last: the one that answered, when one did.</summary>
    public Core.Configuration.DeploymentSettings? Served { get; set; }

    public string? Deployment => Served?.Key;

    /// <summary>Set by whichever stage ends the request; "error" until one does, so a request that threw is not logged as a success.</summary>
    public string Outcome { get; set; } = "error";

    public TokenUsage? Usage { get; set; }

    /// <summary>
    /// Successes at Debug: a console line per request would cost more than the proxying itself. Failures the
    /// operator should see at Warning, client-side problems at Information.
    /// </summary>
    public LogLevel LevelFor(int status) => Outcome switch
    {
        "ok" => LogLevel.Debug,
        _ when status >= 500 || Outcome.StartsWith("stream_failed", StringComparison.Ordinal) => LogLevel.Warning,
        _ => LogLevel.Information,
    };
}
