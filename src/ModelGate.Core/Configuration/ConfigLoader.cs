using ModelGate.Core.Auth;
using ModelGate.Core.RateLimiting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelGate.Core.Configuration;

/// <summary>Reads <c>modelgate.yaml</c> into a validated <see cref="GatewayConfig"/>, collecting every error with its path.</summary>
public sealed class ConfigLoader(EnvInterpolator environment)
{
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;
    public static readonly Uri DefaultListen = new("http://127.0.0.1:4000");

    private static readonly HashSet<string> TopLevelFields = ["server", "keys", "providers", "routing", "models", "responses", "storage", "budgets"];
    private static readonly HashSet<string> ServerFields = ["listen", "master_key", "max_request_body_mb"];
    private static readonly HashSet<string> KeyFields = ["name", "key", "models", "route_override", "rpm", "tpm", "max_parallel"];
    private static readonly HashSet<string> ModelFields = ["deployments", "strategy", "fallbacks", "context_window_fallbacks", "content_policy_fallbacks"];
    private static readonly HashSet<string> DeploymentFields = ["provider", "model", "weight", "priority", "region", "tags", "timeouts", "price", "rpm", "tpm", "max_parallel"];
    private static readonly HashSet<string> PriceFields =
        ["input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok", "reasoning_per_mtok"];

    public ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(new ConfigError("(file)", $"cannot read '{path}': {e.Message}"));
        }

        return Load(text);
    }

    public ConfigLoadResult Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return Failed(new ConfigError("(file)", $"not valid YAML: {e.InnerException?.Message ?? e.Message}", (int)e.Start.Line));
        }

        if (stream.Documents.Count == 0)
        {
            return Failed(new ConfigError("(file)", "the config file is empty"));
        }

        var context = new ConfigContext(environment);
        var root = context.AsMapping(stream.Documents[0].RootNode, "");
        if (root is null)
        {
            return new ConfigLoadResult(null, context.Errors);
        }

        root.RejectUnknownKeys(TopLevelFields);
        var server = ReadServer(root.Mapping("server"), context);
        var providers = ReadProviders(root.Mapping("providers"), context);
        var (defaultStrategy, routing) = RoutingSettingsReader.Read(root.Mapping("routing"));
        var models = ReadModels(root.Mapping("models"), providers, defaultStrategy, context);
        var keys = ReadKeys(root, models, server, context);
        var responses = ResponsesSettings.Read(root.Mapping("responses"));
        var storage = StorageSettings.Read(root.Mapping("storage"));
        var budgets = BudgetSettings.Read(root.Mapping("budgets"));

        return context.Errors.Count > 0
            ? new ConfigLoadResult(null, context.Errors)
            : new ConfigLoadResult(new GatewayConfig(server, providers, models, keys, routing) { Responses = responses, Storage = storage, Budgets = budgets }, []);
    }

    private static ConfigLoadResult Failed(ConfigError error) => new(null, [error]);

    private static readonly string KeyLengthRule =
        $"must be {StaticKeyAuthenticator.MinKeyChars} to {StaticKeyAuthenticator.MaxKeyChars} characters";

    private static bool IsValidKeyLength(string key) =>
        key.Length is >= StaticKeyAuthenticator.MinKeyChars and <= StaticKeyAuthenticator.MaxKeyChars;

    private static ServerSettings ReadServer(YamlMapping? server, ConfigContext context)
    {
        if (server is null)
        {
            return new ServerSettings(DefaultListen, null, DefaultMaxRequestBodyBytes);
        }

        server.RejectUnknownKeys(ServerFields);
        var listen = DefaultListen;
        if (server.String("listen") is { } listenText)
        {
            if (Uri.TryCreate(listenText, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                listen = uri;
            }
            else
            {
                server.Error("listen", $"must be an http:// or https:// address such as http://127.0.0.1:4000, got '{listenText}'");
            }
        }

        var masterKey = server.String("master_key");
        if (masterKey is { Length: > 0 } && !IsValidKeyLength(masterKey))
        {
            server.Error("master_key", $"{KeyLengthRule} (or empty to generate one at start-up)");
        }

        var maxMb = server.Int("max_request_body_mb", 1, 1024);
        var maxBytes = maxMb is { } mb ? mb * 1024L * 1024 : DefaultMaxRequestBodyBytes;
        return new ServerSettings(listen, string.IsNullOrEmpty(masterKey) ? null : masterKey, maxBytes);
    }

    private static Dictionary<string, ProviderSettings> ReadProviders(YamlMapping? providers, ConfigContext context)
    {
        var result = new Dictionary<string, ProviderSettings>(StringComparer.Ordinal);
        foreach (var (name, value) in providers?.Entries ?? [])
        {
            if (context.AsMapping(value, providers!.Child(name)) is { } mapping
                && ProviderSettingsReader.Read(name, mapping) is { } provider)
            {
                result[name] = provider;
            }
        }

        return result;
    }

    private static Dictionary<string, ModelSettings> ReadModels(
        YamlMapping? models, IReadOnlyDictionary<string, ProviderSettings> providers, string defaultStrategy, ConfigContext context)
    {
        var result = new Dictionary<string, ModelSettings>(StringComparer.Ordinal);
        var pendingFallbacks = new List<(string Owner, string Path, string? Name, long Line)>();
        foreach (var (name, value) in models?.Entries ?? [])
        {
            var model = context.AsMapping(value, models!.Child(name));
            if (model is null)
            {
                continue;
            }

            model.RejectUnknownKeys(ModelFields);
            var deployments = new List<DeploymentSettings>();
            var list = model.Sequence("deployments");
            foreach (var (path, node) in list ?? [])
            {
                if (context.AsMapping(node, path) is { } deployment && ReadDeployment(deployment, providers, context) is { } read)
                {
                    deployments.Add(read);
                }
            }

            if (!model.Has("deployments") || list is [])
            {
                model.Error("deployments", "needs at least one deployment ({ provider: NAME, model: UPSTREAM_MODEL })");
            }

            var strategy = RoutingSettingsReader.Strategy(model, "strategy") ?? defaultStrategy;
            var fallbacks = ReadFallbackList(model, "fallbacks", name, pendingFallbacks, context);
            var contextWindow = ReadFallbackList(model, "context_window_fallbacks", name, pendingFallbacks, context);
            var contentPolicy = ReadFallbackList(model, "content_policy_fallbacks", name, pendingFallbacks, context);
            result[name] = new ModelSettings(name, deployments, strategy, fallbacks, contextWindow, contentPolicy);
        }

        foreach (var (owner, path, fallback, line) in pendingFallbacks)
        {
            if (fallback == owner || (fallback is not null && !result.ContainsKey(fallback)))
            {
                context.Add(path, fallback == owner ? "a model cannot fall back to itself" : $"names no model under 'models' (have: {string.Join(", ", result.Keys.Order())})", line);
            }
        }

        return result;
    }

    /// <summary>A list of model names; each is checked once every model is known.</summary>
    private static List<string> ReadFallbackList(
        YamlMapping model, string key, string owner, List<(string Owner, string Path, string? Name, long Line)> pending, ConfigContext context)
    {
        var items = model.Sequence(key)?
            .Select(item => (item.Path, Name: context.Scalar(item.Node, item.Path), item.Node.Start.Line)).ToList() ?? [];
        pending.AddRange(items.Select(item => (owner, item.Path, item.Name, item.Line)));
        return items.Select(item => item.Name ?? "").ToList();
    }

    private static DeploymentSettings? ReadDeployment(
        YamlMapping deployment, IReadOnlyDictionary<string, ProviderSettings> providers, ConfigContext context)
    {
        deployment.RejectUnknownKeys(DeploymentFields);
        var provider = deployment.String("provider", required: true);
        var model = deployment.String("model", required: true);
        if (provider is not null && !providers.ContainsKey(provider))
        {
            deployment.Error("provider", $"names no provider under 'providers' (have: {string.Join(", ", providers.Keys.Order())})");
            return null;
        }

        if (model is "")
        {
            deployment.Error("model", "must not be empty");
        }

        var weight = deployment.Int("weight", 1, 1_000_000) ?? 1;
        if (provider is null || string.IsNullOrEmpty(model))
        {
            return null;
        }

        var timeouts = ProviderSettingsReader.ReadTimeouts(deployment.Mapping("timeouts"), providers[provider].Timeouts, allowConnect: false);
        var priority = deployment.Int("priority", 0, 1000) ?? 0;
        var tags = deployment.Sequence("tags")?.Select(item => context.Scalar(item.Node, item.Path)).OfType<string>().ToList() ?? [];
        return new DeploymentSettings(provider, model, weight, timeouts, ReadPrice(deployment.Mapping("price")), priority, deployment.String("region"))
        {
            Tags = tags,
            Limits = ReadRateLimits(deployment),
        };
    }

    /// <summary>Optional <c>rpm</c>, <c>tpm</c> and <c>max_parallel</c>, each at least 1.</summary>
    private static RateLimits ReadRateLimits(YamlMapping entry)
    {
        var limits = new RateLimits(entry.Int("rpm", 1, int.MaxValue), entry.Int("tpm", 1, int.MaxValue), entry.Int("max_parallel", 1, int.MaxValue));
        return limits.Any ? limits : RateLimits.None;
    }

    private static DeploymentPrice? ReadPrice(YamlMapping? price)
    {
        if (price is null)
        {
            return null;
        }

        price.RejectUnknownKeys(PriceFields);
        var input = price.Decimal("input_per_mtok", required: true);
        var output = price.Decimal("output_per_mtok", required: true);
        return input is null || output is null
            ? null
            : new DeploymentPrice(input.Value, output.Value,
                price.Decimal("cached_input_per_mtok"), price.Decimal("cache_write_per_mtok"), price.Decimal("reasoning_per_mtok"));
    }

    private static List<StaticKey> ReadKeys(
        YamlMapping root, IReadOnlyDictionary<string, ModelSettings> models, ServerSettings server, ConfigContext context)
    {
        var result = new List<StaticKey>();
        foreach (var (path, node) in root.Sequence("keys") ?? [])
        {
            var entry = context.AsMapping(node, path);
            if (entry is null)
            {
                continue;
            }

            entry.RejectUnknownKeys(KeyFields);
            var name = entry.String("name", required: true);
            var key = entry.String("key", required: true);
            if (key is not null && !IsValidKeyLength(key))
            {
                entry.Error("key", KeyLengthRule);
            }
            else if (key is not null && (key == server.MasterKey || result.Any(k => k.Key == key)))
            {
                entry.Error("key", "is the same as another key; every key must be unique");
            }

            var allowed = ReadAllowedModels(entry, models, context);
            var routeOverride = entry.Bool("route_override") ?? false;
            if (name is not null && key is not null && IsValidKeyLength(key))
            {
                result.Add(new StaticKey(name, key, allowed, routeOverride) { Limits = ReadRateLimits(entry) });
            }
        }

        return result;
    }

    private static List<string>? ReadAllowedModels(YamlMapping entry, IReadOnlyDictionary<string, ModelSettings> models, ConfigContext context)
    {
        var list = entry.Sequence("models");
        if (list is null)
        {
            return null;
        }

        var allowed = new List<string>();
        foreach (var (path, node) in list)
        {
            var model = context.Scalar(node, path);
            if (model is not null && !models.ContainsKey(model))
            {
                context.Add(path, $"names no model under 'models' (have: {string.Join(", ", models.Keys.Order())})", node.Start.Line);
            }
            else if (model is not null)
            {
                allowed.Add(model);
            }
        }

        return allowed;
    }
}
