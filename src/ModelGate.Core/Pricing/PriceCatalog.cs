using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Configuration;

namespace ModelGate.Core.Pricing;

/// <summary>
/// The prices shipped with ModelGate (<c>model-prices.json</c>, built by <c>tools/update-prices.py</c>), keyed by
/// <c>provider-type/upstream-model</c>. Prices are exact decimals in USD per million tokens.
/// </summary>
public sealed class PriceCatalog
{
    private const string ResourceName = "ModelGate.Pricing.model-prices.json";

    private readonly Dictionary<string, DeploymentPrice> prices;

    private PriceCatalog(Dictionary<string, DeploymentPrice> prices, string updated) => (this.prices, Updated) = (prices, updated);

    public static PriceCatalog Shipped { get; } = LoadShipped();

    /// <summary>When the source list was last updated.</summary>
    public string Updated { get; }

    public int Count => prices.Count;

    public DeploymentPrice? Find(string providerType, string model) => prices.GetValueOrDefault($"{providerType}/{model}");

    public static PriceCatalog Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var prices = new Dictionary<string, DeploymentPrice>(StringComparer.Ordinal);
        foreach (var model in root.GetProperty("models").EnumerateObject())
        {
            var entry = model.Value;
            prices[model.Name] = new DeploymentPrice(
                Decimal(entry, "input_per_mtok") ?? 0,
                Decimal(entry, "output_per_mtok") ?? 0,
                Decimal(entry, "cached_input_per_mtok"),
                Decimal(entry, "cache_write_per_mtok"),
                Decimal(entry, "reasoning_per_mtok"));
        }

        return new PriceCatalog(prices, root.GetProperty("updated").GetString() ?? "unknown");
    }

    private static decimal? Decimal(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value)
            ? decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static PriceCatalog LoadShipped()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded price list {ResourceName} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }
}
