namespace ModelGate.Core.Configuration;

/// <summary>One problem in a config file, located by the YAML path of the field (e.g. <c>providers.openai.api_key</c>).</summary>
public sealed record ConfigError(string Path, string Message, int? Line = null)
{
    public override string ToString() =>
        Line is { } line ? $"{Path} (line {line}): {Message}" : $"{Path}: {Message}";
}

/// <summary>Either a config or every error found in the file; loading never throws for bad input.</summary>
public sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}
