using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>One request's progress through the loop.</summary>
internal sealed class AttemptRun(
    HttpContext context, GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens, RequestLog log, Attempt attempt,
    RequestDeadline deadline, IDeploymentHealth health)
{
    public HttpContext Context => context;
    public GatewaySnapshot Snapshot => snapshot;
    public RoutePlan Plan => plan;
    public Attempt Attempt => attempt;
    public RequestLog Log => log;
    public RequestDeadline Deadline => deadline;
    public TokenEstimate Tokens => tokens;

    /// <summary>The models still to try, each with why it is tried (null for the requested one).</summary>
    public List<(ModelSettings Model, string? Reason)> Targets { get; private set; } =
        plan.Targets.Select((model, i) => (model, i == 0 ? null : "error")).ToList<(ModelSettings, string?)>();

    /// <summary>Deployments a retry round may try again; those that failed in a way they would repeat are removed.</summary>
    public HashSet<string> Retriable { get; } =
        plan.Targets.SelectMany(model => model.Deployments).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);

    public AttemptFailure? Failure { get; set; }

    /// <summary>What to answer once the loop is finished: null when a deployment answered.</summary>
    public GatewayError? Answer { get; set; }
    public TimeSpan? Soonest { get; set; }
    public TimeSpan? RetryAfter { get; set; }
    public int Attempts { get; set; }

    /// <summary>Attempts made in the current round.</summary>
    public int Attempted { get; set; }

    private readonly RoutingContext routing = new(health, Random.Shared)
    {
        Tokens = tokens,
        Prices = snapshot.Prices,
    };

    /// <summary>The model's deployments in its strategy's order (or the caller's), less those not worth trying again.</summary>
    public IEnumerable<DeploymentSettings> Candidates(ModelSettings target)
    {
        var strategy = RoutingStrategies.ByName[plan.Override?.Strategy ?? target.Strategy];
        return strategy.Order(target.Deployments, routing).Where(d => (plan.Override?.Allows(d) ?? true) && Retriable.Contains(d.Key));
    }

    /// <summary>Keeps the shortest wait a provider asked for in this round; a failure without one counts as no wait.</summary>
    public void NoteRetryAfter(TimeSpan wait) => RetryAfter = RetryAfter < wait ? RetryAfter : wait;

    /// <summary>Replaces the remaining targets with <paramref name="models"/> the caller may use; false when there are none.</summary>
    public bool JumpTo(IReadOnlyList<string> models, string reason)
    {
        var allowed = plan.Override?.Deployment is null
            ? models.Where(plan.Principal.MayUse).Select(name => snapshot.Config.Models.GetValueOrDefault(name)).OfType<ModelSettings>().ToList()
            : [];
        if (allowed.Count == 0)
        {
            return false;
        }

        Targets = allowed.Select(model => (model, (string?)reason)).ToList();
        Retriable.UnionWith(allowed.SelectMany(model => model.Deployments).Select(d => d.Key));
        return true;
    }

    public void StartRound()
    {
        (Attempted, RetryAfter) = (0, null);
    }
}
