namespace ModelGate.Core.Configuration;

/// <summary>Reads one entry under <c>providers:</c>; which fields apply depends on its <c>type</c>.</summary>
internal static class ProviderSettingsReader
{
    private static readonly HashSet<string> HttpFields = ["type", "base_url", "api_key", "auth_header", "auth_scheme", "headers", "timeouts"];
    private static readonly HashSet<string> MockFields = ["type", "latency_ms", "chunks", "chunk_delay_ms", "fail_status", "fail_after_chunks"];
    private static readonly HashSet<string> TimeoutFields = ["connect_ms", "first_byte_ms", "idle_ms"];

    public static ProviderSettings? Read(string name, YamlMapping provider)
    {
        var type = provider.String("type", required: true);
        if (type is null)
        {
            return null;
        }

        if (!ProviderTypes.All.Contains(type))
        {
            provider.Error("type", $"unknown provider type '{type}' (expected one of: {string.Join(", ", ProviderTypes.All)})");
            return null;
        }

        provider.RejectUnknownKeys(type == ProviderTypes.Mock ? MockFields : HttpFields);
        var mock = type == ProviderTypes.Mock ? ReadMock(provider) : MockSettings.Default;
        var baseUrl = ReadBaseUrl(provider, type);
        var apiKey = provider.String("api_key", required: type == ProviderTypes.OpenAi);
        var authHeader = provider.String("auth_header") ?? "Authorization";
        var authScheme = provider.String("auth_scheme")
            ?? (authHeader.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer" : "");
        var headers = ReadHeaders(provider);
        var timeouts = ReadTimeouts(provider.Mapping("timeouts"));

        return new ProviderSettings(name, type, baseUrl, string.IsNullOrEmpty(apiKey) ? null : apiKey,
            authHeader, authScheme, headers, timeouts, mock);
    }

    private static Uri? ReadBaseUrl(YamlMapping provider, string type)
    {
        var text = provider.String("base_url", required: type == ProviderTypes.OpenAiCompatible);
        if (text is null)
        {
            return type == ProviderTypes.OpenAi ? ProviderTypes.OpenAiBaseUrl : null;
        }

        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            provider.Error("base_url", $"must be an absolute http:// or https:// URL, got '{text}'");
            return null;
        }

        return uri;
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

    private static TimeoutSettings ReadTimeouts(YamlMapping? timeouts)
    {
        timeouts?.RejectUnknownKeys(TimeoutFields);
        return new TimeoutSettings(
            timeouts?.Milliseconds("connect_ms", min: 1) ?? TimeoutSettings.DefaultConnect,
            timeouts?.Milliseconds("first_byte_ms", min: 1) ?? TimeoutSettings.DefaultFirstByte,
            timeouts?.Milliseconds("idle_ms", min: 1) ?? TimeoutSettings.DefaultIdle);
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
