namespace ModelGate.Core.Routing;

/// <summary>
/// Live health of each deployment: in-flight requests, latency, failures and cooldown. The in-memory
/// implementation serves one process; a shared one (Redis) can replace it behind this interface.
/// Deployments are keyed by <c>provider/model</c>, so two public models on one upstream share its health.
/// </summary>
public interface IDeploymentHealth
{
    /// <summary>
    /// Takes a slot on the deployment unless it is cooling down. When a cooldown has just ended, one request is
    /// admitted as a probe and the rest wait for its outcome.
    /// </summary>
    /// <param name="retryAfter">When refused: how long until the deployment may be tried again.</param>
    /// <param name="probe">When admitted: whether this request is the probe, to be passed back in its <see cref="AttemptResult"/>.</param>
    bool TryAdmit(string deployment, out TimeSpan retryAfter, out bool probe);

    /// <summary>Releases the slot <see cref="TryAdmit"/> took and records how the attempt went.</summary>
    void Complete(string deployment, AttemptResult result);

    /// <summary>
    /// A stream's first event arrived: the deployment answered, so it counts as a success now (a probe ends its
    /// cooldown at once), while the slot stays taken until <see cref="Complete"/>, which then records only a later failure.
    /// </summary>
    void Answered(string deployment, TimeSpan latency, bool probe);

    DeploymentSnapshot Snapshot(string deployment);
}

/// <summary>How an attempt went, as far as the deployment's health is concerned.</summary>
/// <param name="Latency">Time to the response headers (the first byte, for streams).</param>
/// <param name="RetryAfter">A cooldown the provider asked for (429 or 503 with <c>retry-after</c>).</param>
/// <param name="Probe">The attempt was admitted as the probe: only its outcome ends or renews the cooldown.</param>
public readonly record struct AttemptResult(AttemptKind Kind, TimeSpan Latency = default, TimeSpan? RetryAfter = null, bool Probe = false)
{
    public static readonly AttemptResult Neutral = new(AttemptKind.Neutral);
}

public enum AttemptKind
{
    Success,

    /// <summary>The deployment failed (timeout, 5xx, 429, connection): counts towards its cooldown.</summary>
    Failure,

    /// <summary>Not the deployment's fault (the client's 400, a cancelled request): changes nothing.</summary>
    Neutral,
}

/// <param name="LatencyMs">Moving average of latency in milliseconds; null before the first success.</param>
public readonly record struct DeploymentSnapshot(int InFlight, double? LatencyMs, int ConsecutiveFailures, DateTimeOffset? CooldownUntil);
