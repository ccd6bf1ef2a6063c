using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The Responses <c>response</c> object at one moment: its state plus the request fields it echoes. Every field
/// the spec's <c>Response</c> schema requires is written, with the API's defaults where the client sent nothing.
/// </summary>
internal sealed class ResponseObject(ResponsesRequest request, string id, long createdAt, string model)
{
    public string Model { get; set; } = model;

    /// <summary><c>in_progress</c>, <c>completed</c>, <c>incomplete</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "in_progress";

    public long? CompletedAt { get; set; }

    /// <summary><c>max_output_tokens</c> or <c>content_filter</c> when <see cref="Status"/> is incomplete.</summary>
    public string? IncompleteReason { get; set; }

    public (string Code, string Message)? Error { get; set; }

    public List<ResponseOutputItem> Output { get; } = [];

    public OpenAiUsage? Usage { get; set; }

    /// <summary>Sets the status a chat <c>finish_reason</c> implies.</summary>
    public void Finish(string? finishReason, long completedAt)
    {
        IncompleteReason = finishReason switch
        {
            "length" => "max_output_tokens",
            "content_filter" => "content_filter",
            _ => null,
        };
        Status = IncompleteReason is null ? "completed" : "incomplete";
        CompletedAt = IncompleteReason is null ? completedAt : null;
    }

    /// <summary>A failure after the response started: the response's <c>error</c> uses the Responses error codes.</summary>
    public void Fail(GatewayError error)
    {
        Status = "failed";
        Error = (error.Status == 429 ? "rate_limit_exceeded" : "server_error", error.Message);
    }

    public byte[] ToJson() => ResponsesJson.Write(Write);

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", createdAt);
        writer.WriteString("status", Status);
        if (CompletedAt is { } completedAt)
        {
            writer.WriteNumber("completed_at", completedAt);
        }

        WriteError(writer);
        WriteIncompleteDetails(writer);
        WriteStringOrNull(writer, "instructions", request.Instructions);
        WriteNumberOrNull(writer, "max_output_tokens", request.MaxOutputTokens);
        writer.WriteString("model", Model);
        writer.WriteStartArray("output");
        foreach (var item in Output)
        {
            item.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls", request.ParallelToolCalls ?? true);
        WriteStringOrNull(writer, "previous_response_id", request.PreviousResponseId);
        WriteEcho(writer, "reasoning", request.Reasoning, static w =>
        {
            w.WriteStartObject();
            w.WriteNull("effort");
            w.WriteNull("summary");
            w.WriteEndObject();
        });
        writer.WriteBoolean("store", request.Store);
        writer.WriteNumber("temperature", request.Temperature ?? 1);
        WriteEcho(writer, "text", request.Text, static w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("format");
            w.WriteString("type", "text");
            w.WriteEndObject();
            w.WriteEndObject();
        });
        WriteEcho(writer, "tool_choice", request.ToolChoice, static w => w.WriteStringValue("auto"));
        ResponsesTools.WriteResponseTools(writer, request.Tools);
        writer.WriteNumber("top_p", request.TopP ?? 1);
        writer.WriteString("truncation", request.Truncation);
        if (Usage is not null)
        {
            WriteUsage(writer, Usage);
        }

        if (request.User is not null)
        {
            writer.WriteString("user", request.User);
        }

        WriteEcho(writer, "metadata", request.Metadata, static w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        });
        writer.WriteEndObject();
    }

    private void WriteError(Utf8JsonWriter writer)
    {
        if (Error is not { } error)
        {
            writer.WriteNull("error");
            return;
        }

        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    private void WriteIncompleteDetails(Utf8JsonWriter writer)
    {
        if (IncompleteReason is null)
        {
            writer.WriteNull("incomplete_details");
            return;
        }

        writer.WriteStartObject("incomplete_details");
        writer.WriteString("reason", IncompleteReason);
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, OpenAiUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.PromptTokens);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", usage.PromptTokensDetails?.CachedTokens ?? 0);
        writer.WriteNumber("cache_write_tokens", usage.PromptTokensDetails?.CacheCreationTokens ?? 0);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", usage.CompletionTokens);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.CompletionTokensDetails?.ReasoningTokens ?? 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }

    private static void WriteEcho(Utf8JsonWriter writer, string name, JsonElement? sent, Action<Utf8JsonWriter> writeDefault)
    {
        writer.WritePropertyName(name);
        if (sent is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writeDefault(writer);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value.Value);
        }
    }
}
