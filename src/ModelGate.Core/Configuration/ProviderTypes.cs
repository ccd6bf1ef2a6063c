namespace ModelGate.Core.Configuration;

/// <summary>The provider <c>type</c> values the configuration accepts.</summary>
public static class ProviderTypes
{
    public const string OpenAi = "openai";
    public const string OpenAiCompatible = "openai-compatible";
    public const string Mock = "mock";

    public static readonly IReadOnlyList<string> All = [OpenAi, OpenAiCompatible, Mock];

    public static readonly Uri OpenAiBaseUrl = new("https://api.openai.com/v1");
}
