namespace ModelGate.Core.Configuration;

/// <summary>The provider <c>type</c> values the configuration accepts, and what each one needs.</summary>
public static class ProviderTypes
{
    public const string OpenAi = "openai";
    public const string OpenAiCompatible = "openai-compatible";
    public const string AzureOpenAi = "azure-openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string Vertex = "vertex";
    public const string Bedrock = "bedrock";
    public const string Cohere = "cohere";
    public const string Mistral = "mistral";
    public const string Mock = "mock";

    public static readonly Uri OpenAiBaseUrl = new("https://api.openai.com/v1");

    /// <summary>Per type: the fields beyond the common ones, which of them are required, and the defaults.</summary>
    public static readonly IReadOnlyDictionary<string, ProviderSchema> Schemas = new Dictionary<string, ProviderSchema>
    {
        [OpenAi] = new(DefaultBaseUrl: OpenAiBaseUrl, BaseUrlRequired: false, ApiKeyRequired: true),
        [OpenAiCompatible] = new(DefaultBaseUrl: null, BaseUrlRequired: true, ApiKeyRequired: false),
        [AzureOpenAi] = new(DefaultBaseUrl: null, BaseUrlRequired: true, ApiKeyRequired: true, DefaultAuthHeader: "api-key",
            Options: ["api_version"], OptionDefaults: new() { ["api_version"] = "2024-10-21" }),
        [Cohere] = new(DefaultBaseUrl: new Uri("https://api.cohere.com/v2"), BaseUrlRequired: false, ApiKeyRequired: true),
        [Mistral] = new(DefaultBaseUrl: new Uri("https://api.mistral.ai/v1"), BaseUrlRequired: false, ApiKeyRequired: true),
        [Anthropic] = new(DefaultBaseUrl: new Uri("https://api.anthropic.com/v1"), BaseUrlRequired: false, ApiKeyRequired: true, DefaultAuthHeader: "x-api-key",
            Options: ["api_version", "default_max_tokens"], OptionDefaults: new() { ["api_version"] = "2023-06-01" }),
        [Gemini] = new(DefaultBaseUrl: new Uri("https://generativelanguage.googleapis.com/v1beta"), BaseUrlRequired: false, ApiKeyRequired: true, DefaultAuthHeader: "x-goog-api-key"),
        [Vertex] = new(DefaultBaseUrl: null, BaseUrlRequired: false, ApiKeyRequired: false,
            Options: ["project", "location", "credentials_file", "token_url", "default_max_tokens"], RequiredOptions: ["project", "location"],
            OptionDefaults: new() { ["token_url"] = "https://oauth2.googleapis.com/token" }),
        [Bedrock] = new(DefaultBaseUrl: null, BaseUrlRequired: false, ApiKeyRequired: false,
            Options: ["region", "access_key_id", "secret_access_key", "session_token", "default_max_tokens"],
            RequiredOptions: ["region", "access_key_id", "secret_access_key"]),
        [Mock] = new(DefaultBaseUrl: null, BaseUrlRequired: false, ApiKeyRequired: false),
    };

    public static IEnumerable<string> All => Schemas.Keys;
}

/// <param name="DefaultBaseUrl">Used when <c>base_url</c> is absent; vertex and bedrock derive theirs from the region.</param>
/// <param name="Options">Type-specific fields, read into <see cref="ProviderSettings.Options"/>.</param>
public sealed record ProviderSchema(
    Uri? DefaultBaseUrl,
    bool BaseUrlRequired,
    bool ApiKeyRequired,
    string DefaultAuthHeader = "Authorization",
    IReadOnlyList<string>? Options = null,
    IReadOnlyList<string>? RequiredOptions = null,
    Dictionary<string, string>? OptionDefaults = null)
{
    public IReadOnlyList<string> OptionFields => Options ?? [];
}
