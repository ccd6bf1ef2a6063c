namespace ModelGate.Core.Configuration;

/// <summary>The <c>responses:</c> section: how many stored Responses API responses the in-memory store keeps.</summary>
/// <param name="MaxStored">Past this many, the oldest stored response is evicted first.</param>
public sealed record ResponsesSettings(int MaxStored)
{
    public const int DefaultMaxStored = 1000;

    public static readonly ResponsesSettings Default = new(DefaultMaxStored);

    private static readonly HashSet<string> Fields = ["max_stored"];

    internal static ResponsesSettings Read(YamlMapping? responses)
    {
        responses?.RejectUnknownKeys(Fields);
        return new ResponsesSettings(responses?.Int("max_stored", 1, 10_000_000) ?? DefaultMaxStored);
    }
}
