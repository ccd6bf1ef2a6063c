using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ModelGate.Core.Configuration;

/// <summary>
/// Typed, path-aware reads from one YAML mapping. Every problem is added to the shared error list with the
/// field's full path, so one pass over a file reports all of its errors rather than the first.
/// </summary>
internal sealed class YamlMapping(YamlMappingNode node, string path, ConfigContext context)
{
    public string Path { get; } = path;

    public int Line => (int)node.Start.Line;

    public IEnumerable<(string Key, YamlNode Value)> Entries =>
        node.Children.Select(pair => (((YamlScalarNode)pair.Key).Value ?? "", pair.Value));

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public void Error(string key, string message) => context.Add(Child(key), message, Find(key)?.Start.Line);

    public void RejectUnknownKeys(IReadOnlySet<string> known)
    {
        foreach (var (key, value) in Entries)
        {
            if (!known.Contains(key))
            {
                context.Add(Child(key), $"unknown field (expected one of: {string.Join(", ", known.Order())})", value.Start.Line);
            }
        }
    }

    public bool Has(string key) => Find(key) is not null;

    public string? String(string key, bool required = false)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                context.Add(Child(key), "is required", node.Start.Line);
            }

            return null;
        }

        return context.Scalar(value, Child(key));
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(key, $"must be a whole number from {min} to {max}, got '{text}'");
            return null;
        }

        return number;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is not (null or "true" or "false"))
        {
            Error(key, $"must be true or false, got '{text}'");
            return null;
        }

        return text is null ? null : text == "true";
    }

    /// <summary>A non-negative decimal number, such as a price.</summary>
    public decimal? Decimal(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            Error(key, $"must be a number of at least 0, got '{text}'");
            return null;
        }

        return number;
    }

    public TimeSpan? Milliseconds(string key, int min = 0) =>
        Int(key, min, int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public YamlMapping? Mapping(string key, bool required = false)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                context.Add(Child(key), "is required", node.Start.Line);
            }

            return null;
        }

        return context.AsMapping(value, Child(key));
    }

    public IReadOnlyList<(string Path, YamlNode Node)>? Sequence(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlSequenceNode sequence)
        {
            context.Add(Child(key), "must be a list", value.Start.Line);
            return null;
        }

        return sequence.Children.Select((item, index) => ($"{Child(key)}[{index}]", item)).ToList();
    }

    /// <summary>A list of scalars, each checked by <paramref name="parse"/> (null: its error was added); null when the key is absent.</summary>
    public IReadOnlyList<T>? List<T>(string key, Func<string, string, T?> parse) where T : struct =>
        Sequence(key)?
            .Select(item => context.Scalar(item.Node, item.Path) is { } text ? parse(item.Path, text) : null)
            .OfType<T>()
            .ToList();

    /// <summary>Adds an error at a full path, as list items have.</summary>
    public void ErrorAt(string fullPath, string message) => context.Add(fullPath, message, node.Start.Line);

    private YamlNode? Find(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}

/// <summary>What every <see cref="YamlMapping"/> of one load shares: the error list and the environment.</summary>
internal sealed class ConfigContext(EnvInterpolator environment)
{
    public List<ConfigError> Errors { get; } = [];

    public void Add(string path, string message, long? line = null) =>
        Errors.Add(new ConfigError(path, message, line is { } l ? (int)l : null));

    public string? Scalar(YamlNode value, string path)
    {
        if (value is not YamlScalarNode scalar)
        {
            Add(path, "must be a single value, not a list or mapping", value.Start.Line);
            return null;
        }

        var resolved = environment.Resolve(scalar.Value ?? "", out var error);
        if (error is not null)
        {
            Add(path, error, value.Start.Line);
        }

        return resolved;
    }

    public YamlMapping? AsMapping(YamlNode value, string path)
    {
        if (value is not YamlMappingNode mapping)
        {
            Add(path.Length == 0 ? "(file)" : path, "must be a mapping of fields", value.Start.Line);
            return null;
        }

        foreach (var key in mapping.Children.Keys.Where(key => key is not YamlScalarNode))
        {
            Add(path, "field names must be plain text", key.Start.Line);
            return null;
        }

        return new YamlMapping(mapping, path, this);
    }
}
