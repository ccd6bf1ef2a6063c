namespace ModelGate.Core.Configuration;

/// <summary>Reads one entry under <c>providers:</c>; which fields apply depends on its <c>type</c> (see <see cref="ProviderTypes.Schemas"/>).</summary>
internal static class ProviderSettingsReader
{
    private static readonly string[] HttpFields =
        ["type", "base_url", "api_key", "auth_header", "auth_scheme", "headers", "timeouts", "drop_unsupported_params"];
    private static readonly HashSet<string> MockFields = ["type", "latency_ms", "chunks", "chunk_delay_ms", "fail_status", "fail_after_chunks"];
    private static readonly HashSet<string> TimeoutFields = ["connect_ms", "first_byte_ms", "idle_ms", "total_ms"];
    private static readonly HashSet<string> DeploymentTimeoutFields = ["first_byte_ms", "idle_ms", "total_ms"];
    private static readonly TimeoutSettings DefaultTimeouts =
        new(TimeoutSettings.DefaultConnect, TimeoutSettings.DefaultFirstByte, TimeoutSettings.DefaultIdle);
    private static readonly HashSet<string> PositiveIntegerOptions = ["default_max_tokens"];

    public static ProviderSettings? Read(string name, YamlMapping provider)
    {
        var type = provider.String("type", required: true);
        if (type is null)
        {
            return null;
        }

        if (!ProviderTypes.Schemas.TryGetValue(type, out var schema))
        {
            provider.Error("type", $"unknown provider type '{type}' (expected one of: {string.Join(", ", ProviderTypes.All)})");
            return null;
        }

        var isMock = type == ProviderTypes.Mock;
        provider.RejectUnknownKeys(isMock ? MockFields : [.. HttpFields, .. schema.OptionFields]);
        var baseUrl = ReadBaseUrl(provider, schema);
        var apiKey = provider.String("api_key", required: schema.ApiKeyRequired);
        var authHeader = provider.String("auth_header") ?? schema.DefaultAuthHeader;
        var authScheme = provider.String("auth_scheme")
            ?? (authHeader.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer" : "");

        return new ProviderSettings(name, type, baseUrl, string.IsNullOrEmpty(apiKey) ? null : apiKey,
            authHeader, authScheme, ReadHeaders(provider), ReadTimeouts(provider.Mapping("timeouts"), DefaultTimeouts, allowConnect: true),
            isMock ? ReadMock(provider) : MockSettings.Default,
            ReadOptions(provider, schema), provider.Bool("drop_unsupported_params") ?? false);
    }

    private static Uri? ReadBaseUrl(YamlMapping provider, ProviderSchema schema)
    {
        var text = provider.String("base_url", required: schema.BaseUrlRequired);
        if (text is null)
        {
            return schema.DefaultBaseUrl;
        }

        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            provider.Error("base_url", $"must be an absolute http:// or https:// URL, got '{text}'");
            return null;
        }

        return uri;
    }

    private static Dictionary<string, string> ReadOptions(YamlMapping provider, ProviderSchema schema)
    {
        var options = new Dictionary<string, string>(schema.OptionDefaults ?? [], StringComparer.Ordinal);
        foreach (var field in schema.OptionFields)
        {
            var required = schema.RequiredOptions?.Contains(field) == true;
            if (PositiveIntegerOptions.Contains(field) && provider.Has(field))
            {
                if (provider.Int(field, 1, int.MaxValue) is { } number)
                {
                    options[field] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            else if (provider.String(field, required) is { Length: > 0 } value)
            {
                options[field] = value;
            }
            else if (required && provider.Has(field))
            {
                provider.Error(field, "must not be empty");
            }
        }

        return options;
    }

    private static Dictionary<string, string> ReadHeaders(YamlMapping provider)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var mapping = provider.Mapping("headers");
        foreach (var (key, _) in mapping?.Entries ?? [])
        {
            if (mapping!.String(key) is { } value)
            {
                headers[key] = value;
            }
        }

        return headers;
    }

    /// <summary>
    /// A <c>timeouts:</c> mapping laid over <paramref name="defaults"/>. A deployment's may not set <c>connect_ms</c>:
    /// connections are pooled per provider.
    /// </summary>
    public static TimeoutSettings ReadTimeouts(YamlMapping? timeouts, TimeoutSettings defaults, bool allowConnect)
    {
        timeouts?.RejectUnknownKeys(allowConnect ? TimeoutFields : DeploymentTimeoutFields);
        return new TimeoutSettings(
            timeouts?.Milliseconds("connect_ms", min: 1) ?? defaults.Connect,
            timeouts?.Milliseconds("first_byte_ms", min: 1) ?? defaults.FirstByte,
            timeouts?.Milliseconds("idle_ms", min: 1) ?? defaults.Idle,
            timeouts?.Milliseconds("total_ms", min: 1) ?? defaults.Total);
    }

    private static MockSettings ReadMock(YamlMapping provider)
    {
        var defaults = MockSettings.Default;
        return new MockSettings(
            provider.Milliseconds("latency_ms") ?? defaults.Latency,
            provider.Int("chunks", 1, 10_000) ?? defaults.Chunks,
            provider.Milliseconds("chunk_delay_ms") ?? defaults.ChunkDelay,
            provider.Int("fail_status", 400, 599),
            provider.Int("fail_after_chunks", 0, 10_000));
    }
}
