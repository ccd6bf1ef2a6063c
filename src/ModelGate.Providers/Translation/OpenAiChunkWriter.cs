using System.Text.Json;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Translation;

/// <summary>
/// Builds the OpenAI <c>chat.completion.chunk</c> events of one translated stream: every chunk carries the
/// same id, model and created time, and the first delta carries <c>role: assistant</c>, as OpenAI's do.
/// Tool calls are numbered in order of appearance, so indexes are stable whatever the provider uses.
/// </summary>
public sealed class OpenAiChunkWriter(string id, string model, long created)
{
    private readonly Dictionary<string, int> toolIndexes = new(StringComparer.Ordinal);
    private bool roleSent;

    public bool HasToolCalls => toolIndexes.Count > 0;

    public StreamEvent Text(string text) => Delta(new OpenAiDelta { Content = text });

    public StreamEvent Reasoning(string text) => Delta(new OpenAiDelta { ReasoningContent = text });

    public StreamEvent ThinkingBlock(JsonElement block) => Delta(new OpenAiDelta { ThinkingBlocks = [block] });

    /// <summary>The first delta of a tool call: its id, name and (usually empty) first arguments.</summary>
    /// <param name="key">The provider's handle for this call (its block index or id), used to find it again.</param>
    public StreamEvent ToolCallStart(string key, string callId, string name, string arguments = "")
    {
        var index = toolIndexes.Count;
        toolIndexes[key] = index;
        return Delta(new OpenAiDelta
        {
            ToolCalls = [new OpenAiToolCall { Index = index, Id = callId, Type = "function", Function = new OpenAiFunctionCall { Name = name, Arguments = arguments } }],
        });
    }

    public StreamEvent ToolCallArguments(string key, string arguments) => Delta(new OpenAiDelta
    {
        ToolCalls = [new OpenAiToolCall { Index = toolIndexes[key], Function = new OpenAiFunctionCall { Arguments = arguments } }],
    });

    /// <summary>The chunk with an empty delta and the finish reason.</summary>
    public StreamEvent Finish(string finishReason) => Chunk(new OpenAiChunkChoice { Delta = WithRole(new OpenAiDelta()), FinishReason = finishReason });

    /// <summary>The usage-only chunk (empty <c>choices</c>), shown only to clients that asked for it.</summary>
    public StreamEvent Usage(TokenUsage usage) =>
        StreamEvent.Chunk(Serialize(new OpenAiChatChunk { Id = id, Model = model, Created = created, Usage = UsageMapping.ToOpenAi(usage) }), usage, isUsageOnly: true);

    private StreamEvent Delta(OpenAiDelta delta) => Chunk(new OpenAiChunkChoice { Delta = WithRole(delta) });

    private OpenAiDelta WithRole(OpenAiDelta delta)
    {
        if (!roleSent)
        {
            delta.Role = "assistant";
            roleSent = true;
        }

        return delta;
    }

    private StreamEvent Chunk(OpenAiChunkChoice choice) =>
        StreamEvent.Chunk(Serialize(new OpenAiChatChunk { Id = id, Model = model, Created = created, Choices = [choice] }), null, isUsageOnly: false);

    private static byte[] Serialize(OpenAiChatChunk chunk) =>
        JsonSerializer.SerializeToUtf8Bytes(chunk, OpenAiWireContext.Relaxed.OpenAiChatChunk);
}
