using System.Collections.Concurrent;

namespace ModelGate.Core.Routing;

/// <summary>Deployment health for one process. Each deployment's state is guarded by its own lock.</summary>
public sealed class InMemoryDeploymentHealth(Func<CooldownSettings> cooldown, TimeProvider time) : IDeploymentHealth
{
    /// <summary>Weight of the newest latency sample in the moving average.</summary>
    private const double LatencyWeight = 0.3;

    private readonly ConcurrentDictionary<string, State> states = new(StringComparer.Ordinal);

    public bool TryAdmit(string deployment, out TimeSpan retryAfter, out bool probe)
    {
        probe = false;
        var state = states.GetOrAdd(deployment, static _ => new State());
        var now = time.GetUtcNow();
        lock (state)
        {
            retryAfter = TimeSpan.Zero;
            if (state.CooldownUntil is { } until)
            {
                if (now < until)
                {
                    retryAfter = until - now;
                    return false;
                }

                if (state.ProbeInFlight)
                {
                    retryAfter = TimeSpan.FromSeconds(1);
                    return false;
                }

                state.ProbeInFlight = probe = true;
            }

            state.InFlight++;
            return true;
        }
    }

    public void Complete(string deployment, AttemptResult result)
    {
        var state = states.GetOrAdd(deployment, static _ => new State());
        var settings = cooldown();
        var now = time.GetUtcNow();
        lock (state)
        {
            state.InFlight = Math.Max(0, state.InFlight - 1);
            var wasProbe = result.Probe && state.ProbeInFlight;
            state.ProbeInFlight &= !result.Probe;
            switch (result.Kind)
            {
                case AttemptKind.Success:
                    Succeed(state, result.Latency);
                    break;
                case AttemptKind.Failure:
                    state.ConsecutiveFailures++;
                    var coolingDown = state.CooldownUntil > now;
                    if (result.RetryAfter is { } asked && asked > TimeSpan.Zero)
                    {
                        // Never shortens a longer cooldown already running.
                        var until = now + Min(asked, settings.Max);
                        state.CooldownUntil = state.CooldownUntil > until ? state.CooldownUntil : until;
                    }
                    else if (wasProbe || (!coolingDown && state.ConsecutiveFailures >= settings.Failures))
                    {
                        state.Ejections++;
                        state.CooldownUntil = now + settings.ForEjection(state.Ejections);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    public void Answered(string deployment, TimeSpan latency, bool probe)
    {
        var state = states.GetOrAdd(deployment, static _ => new State());
        lock (state)
        {
            state.ProbeInFlight &= !probe;
            Succeed(state, latency);
        }
    }

    private static void Succeed(State state, TimeSpan latency)
    {
        var sample = latency.TotalMilliseconds;
        state.LatencyMs = state.LatencyMs is { } average ? average + (LatencyWeight * (sample - average)) : sample;
        (state.ConsecutiveFailures, state.Ejections, state.CooldownUntil) = (0, 0, null);
    }

    public DeploymentSnapshot Snapshot(string deployment)
    {
        if (!states.TryGetValue(deployment, out var state))
        {
            return new DeploymentSnapshot(0, null, 0, null);
        }

        lock (state)
        {
            return new DeploymentSnapshot(state.InFlight, state.LatencyMs, state.ConsecutiveFailures, state.CooldownUntil);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class State
    {
        public int InFlight;
        public double? LatencyMs;
        public int ConsecutiveFailures;
        public int Ejections;
        public DateTimeOffset? CooldownUntil;
        public bool ProbeInFlight;
    }
}
