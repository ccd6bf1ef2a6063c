namespace ModelGate.Providers.Translation;

/// <summary>OpenAI's finish reasons, which every provider's stop reason is mapped onto.</summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";
}
