using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGate.Core.Requests;

/// <summary>
/// Builds the body sent to an OpenAI-compatible provider from the client's bytes: only the <c>model</c> value
/// is replaced, streams get <c>stream_options.include_usage: true</c> so usage can be read on the side, and the
/// gateway's own <c>models</c> fallback list is removed. Everything else, unknown fields included, stays byte for byte.
/// </summary>
public static class PassThroughRewriter
{
    private static readonly byte[] IncludeUsageField = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();
    private static readonly byte[] IncludeUsageObject = """{"include_usage":true}"""u8.ToArray();

    /// <param name="askForUsage">Add <c>stream_options.include_usage</c> to a stream that lacks it: OpenAI's APIs only
    /// report a stream's usage when asked, others (Anthropic's Messages API) always do and would refuse the field.</param>
    public static ReadOnlyMemory<byte> Rewrite(ChatRequest request, string upstreamModel, bool askForUsage = true)
    {
        var body = request.Body.Span;
        var modelBytes = JsonSerializer.SerializeToUtf8Bytes(upstreamModel);
        var needsUsage = askForUsage && request.Stream && !request.ClientWantsUsage;
        if (!needsUsage && request.ModelsProperty is null && body[request.ModelValue].SequenceEqual(modelBytes))
        {
            return request.Body;
        }

        var edits = new List<(Range Span, byte[] Replacement)>(3) { (request.ModelValue, modelBytes) };
        if (request.ModelsProperty is { } models)
        {
            edits.Add((models, []));
        }

        if (needsUsage)
        {
            edits.Add(request.StreamOptionsValue is { } options
                ? (options, WithIncludeUsage(body[options]))
                : (request.RootStart..request.RootStart, IncludeUsageField));
        }

        // By position; an insertion goes before a removal that starts at the same byte.
        edits.Sort((a, b) => a.Span.Start.Value != b.Span.Start.Value
            ? a.Span.Start.Value.CompareTo(b.Span.Start.Value)
            : (a.Span.End.Value - a.Span.Start.Value).CompareTo(b.Span.End.Value - b.Span.Start.Value));
        return Splice(body, edits);
    }

    private static byte[] Splice(ReadOnlySpan<byte> body, List<(Range Span, byte[] Replacement)> edits)
    {
        var length = body.Length;
        foreach (var (span, replacement) in edits)
        {
            length += replacement.Length - (span.End.Value - span.Start.Value);
        }

        var result = new byte[length];
        var source = 0;
        var target = 0;
        foreach (var (span, replacement) in edits)
        {
            var keep = body[source..span.Start.Value];
            keep.CopyTo(result.AsSpan(target));
            target += keep.Length;
            replacement.CopyTo(result.AsSpan(target));
            target += replacement.Length;
            source = span.End.Value;
        }

        body[source..].CopyTo(result.AsSpan(target));
        return result;
    }

    /// <summary>Rare path: the client sent stream_options without include_usage; keep its other options.</summary>
    private static byte[] WithIncludeUsage(ReadOnlySpan<byte> options)
    {
        if (JsonNode.Parse(Encoding.UTF8.GetString(options)) is not JsonObject existing)
        {
            return IncludeUsageObject;
        }

        existing["include_usage"] = true;
        return JsonSerializer.SerializeToUtf8Bytes(existing);
    }
}
