namespace ModelGate.Core.Configuration;

/// <summary>The whole validated configuration. Immutable: a reload builds a new one and swaps it.</summary>
public sealed record GatewayConfig(
    ServerSettings Server,
    IReadOnlyDictionary<string, ProviderSettings> Providers,
    IReadOnlyDictionary<string, ModelSettings> Models,
    IReadOnlyList<StaticKey> Keys,
    Routing.RoutingSettings Routing)
{
    /// <summary>The <c>responses:</c> section (the stored Responses API responses).</summary>
    public ResponsesSettings Responses { get; init; } = ResponsesSettings.Default;

    /// <summary>The <c>storage:</c> section (the database of keys, teams and the audit log).</summary>
    public StorageSettings Storage { get; init; } = StorageSettings.Default;

    /// <summary>The <c>budgets:</c> section (unknown prices, alert thresholds and webhook).</summary>
    public BudgetSettings Budgets { get; init; } = BudgetSettings.Default;
}

/// <param name="MasterKey">Null when the file leaves it empty: the host then generates one at start-up.</param>
public sealed record ServerSettings(Uri Listen, string? MasterKey, long MaxRequestBodyBytes);

/// <param name="Models">Public model names this key may use; null means every model.</param>
/// <param name="RouteOverride">The key may steer routing per request (the <c>x-modelgate-route</c> header).</param>
public sealed record StaticKey(string Name, string Key, IReadOnlyList<string>? Models, bool RouteOverride = false)
{
    /// <summary>The key's <c>rpm</c>, <c>tpm</c> and <c>max_parallel</c>.</summary>
    public RateLimiting.RateLimits Limits { get; init; } = RateLimiting.RateLimits.None;
}

/// <param name="Options">The type-specific fields of <see cref="ProviderTypes.Schemas"/> (e.g. <c>region</c>), defaults applied.</param>
/// <param name="DropUnsupportedParams">Drop request fields the provider cannot take instead of answering 400.</param>
public sealed record ProviderSettings(
    string Name,
    string Type,
    Uri? BaseUrl,
    string? ApiKey,
    string AuthHeader,
    string AuthScheme,
    IReadOnlyDictionary<string, string> Headers,
    TimeoutSettings Timeouts,
    MockSettings Mock,
    IReadOnlyDictionary<string, string> Options,
    bool DropUnsupportedParams)
{
    public string? Option(string name) => Options.GetValueOrDefault(name);
}

/// <param name="Connect">TCP + TLS connection establishment.</param>
/// <param name="FirstByte">From sending the request to the response headers (the whole generation for non-streaming calls).</param>
/// <param name="Idle">Longest silence allowed between two stream events, or while reading a body.</param>
/// <param name="Total">Longest one attempt may take from sending to the last byte; null for no limit.</param>
public sealed record TimeoutSettings(TimeSpan Connect, TimeSpan FirstByte, TimeSpan Idle, TimeSpan? Total = null)
{
    public static readonly TimeSpan DefaultConnect = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultFirstByte = TimeSpan.FromSeconds(600);
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromSeconds(120);
}

/// <summary>Behaviour of a <c>type: mock</c> provider, for demos, load tests and failure drills.</summary>
/// <param name="FailStatus">When set, requests fail with this HTTP status (after <paramref name="FailAfterChunks"/> chunks for streams).</param>
public sealed record MockSettings(TimeSpan Latency, int Chunks, TimeSpan ChunkDelay, int? FailStatus, int? FailAfterChunks)
{
    public static readonly MockSettings Default = new(TimeSpan.Zero, 4, TimeSpan.Zero, null, null);
}

/// <param name="Strategy">The routing strategy's name (see <see cref="Routing.RoutingStrategies"/>).</param>
/// <param name="Fallbacks">Models tried, in order, when every deployment of this one failed before answering.</param>
/// <param name="ContextWindowFallbacks">Models tried instead when the request is too long for this one.</param>
/// <param name="ContentPolicyFallbacks">Models tried instead when this one refuses the request on content policy.</param>
public sealed record ModelSettings(
    string Name,
    IReadOnlyList<DeploymentSettings> Deployments,
    string Strategy,
    IReadOnlyList<string> Fallbacks,
    IReadOnlyList<string> ContextWindowFallbacks,
    IReadOnlyList<string> ContentPolicyFallbacks);

/// <param name="Model">The model name sent to the provider.</param>
/// <param name="Weight">Relative share of traffic under the <c>weighted</c> strategy.</param>
/// <param name="Timeouts">The provider's timeouts with this deployment's overrides; null means the provider's.</param>
/// <param name="Price">What the deployment costs, for the <c>lowest-cost</c> strategy; null when unknown.</param>
/// <param name="Priority">Lower goes first under the <c>priority</c> strategy; equal priorities keep the written order.</param>
/// <param name="Region">Where the deployment runs, for requests that must stay in a region (<c>x-modelgate-route: region=…</c>).</param>
public sealed record DeploymentSettings(
    string Provider,
    string Model,
    int Weight = 1,
    TimeoutSettings? Timeouts = null,
    DeploymentPrice? Price = null,
    int Priority = 0,
    string? Region = null)
{
    /// <summary>Free labels a request may select by (<c>x-modelgate-route: tag=…</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The deployment's own <c>rpm</c>, <c>tpm</c> and <c>max_parallel</c>: at a limit it is skipped like one cooling down.</summary>
    public RateLimiting.RateLimits Limits { get; init; } = RateLimiting.RateLimits.None;

    /// <summary>Identifies the upstream for health and cooldowns: two public models on one upstream share it.</summary>
    public string Key { get; } = $"{Provider}/{Model}";
}

/// <summary>USD per million tokens, as providers publish their prices. A part without its own price costs what input (or output) costs.</summary>
public sealed record DeploymentPrice(
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion = null,
    decimal? CacheWritePerMillion = null,
    decimal? ReasoningPerMillion = null);
