using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Responses;

/// <summary>
/// OpenAI's Responses API as a fake upstream, written from OpenAI's OpenAPI document: <c>POST /responses</c> (whole or
/// streamed as named events), and <c>GET</c>/<c>DELETE /responses/{id}</c>, <c>/cancel</c> and <c>/input_items</c> on
/// what it stored. Any path prefix before <c>/v1</c> names an account (<c>/a/v1</c>, <c>/b/v1</c>), so two providers can
/// share it; chat completions answer as <see cref="OpenAiWire.Completion"/>.
/// </summary>
public sealed class OpenAiResponsesUpstream
{
    public const string Text = "Patched.";
    public const int InputTokens = 30, CachedTokens = 10, OutputTokens = 8, ReasoningTokens = 5;

    private readonly ConcurrentDictionary<string, string> stored = new();
    private int next;

    /// <summary>Accounts (path prefixes) whose <c>POST /responses</c> answers 500 (and chat completions too).</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    /// <summary>When set, a stream stops after this many events, without a final one.</summary>
    public int? CutAfter { get; set; }

    /// <summary>The last answer body (the object, or the whole event stream) exactly as written.</summary>
    public string LastAnswer { get; private set; } = "";

    public async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var at = request.Path.IndexOf("/v1/", StringComparison.Ordinal);
        var (account, path) = (request.Path[..at], request.Path[(at + "/v1".Length)..]);
        if (Failing.ContainsKey(account))
        {
            await OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("The server had an error", "server_error", null, null));
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (request.Method, segments)
        {
            case ("POST", ["chat", "completions"]):
                await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("Translated answer"));
                break;
            case ("POST", ["responses"]):
                await CreateAsync(context, request.Json);
                break;
            case ("GET", ["responses", var id]) when stored.TryGetValue(id, out var response):
                await OpenAiWire.WriteJsonAsync(context, 200, response);
                break;
            case ("DELETE", ["responses", var id]) when stored.TryRemove(id, out _):
                await OpenAiWire.WriteJsonAsync(context, 200, $$"""{"id":"{{id}}","object":"response","deleted":true}""");
                break;
            case ("POST", ["responses", var id, "cancel"]) when stored.TryGetValue(id, out var response):
                await OpenAiWire.WriteJsonAsync(context, 200, response.Replace("\"status\":\"completed\"", "\"status\":\"cancelled\""));
                break;
            case ("GET", ["responses", var id, "input_items"]) when stored.ContainsKey(id):
                await OpenAiWire.WriteJsonAsync(context, 200,
                    """{"object":"list","data":[{"type":"message","id":"msg_in0","status":"completed","role":"user","content":[{"type":"input_text","text":"Patch it"}]}],"first_id":"msg_in0","last_id":"msg_in0","has_more":false}""");
                break;
            default:
                await OpenAiWire.WriteJsonAsync(context, 404, OpenAiWire.Error($"No response found at '{path}'.", "invalid_request_error", null, null));
                break;
        }
    }

    private async Task CreateAsync(HttpContext context, JsonElement body)
    {
        var id = $"resp_up{Interlocked.Increment(ref next)}";
        var previous = body.TryGetProperty("previous_response_id", out var p) && p.ValueKind == JsonValueKind.String ? $"\"{p.GetString()}\"" : "null";
        var model = body.GetProperty("model").GetString();
        var usage = $$"""{"input_tokens":{{InputTokens}},"input_tokens_details":{"cached_tokens":{{CachedTokens}}},"output_tokens":{{OutputTokens}},"output_tokens_details":{"reasoning_tokens":{{ReasoningTokens}}},"total_tokens":{{InputTokens + OutputTokens}}}""";
        var message = $$"""{"type":"message","id":"msg_{{id}}","status":"completed","role":"assistant","content":[{"type":"output_text","text":"{{Text}}","annotations":[],"logprobs":[]}]}""";
        string Response(string status, string output, string use) =>
            $$"""{"id":"{{id}}","object":"response","created_at":1760000000,"status":"{{status}}","error":null,"incomplete_details":null,"model":"{{model}}","output":[{{output}}],"previous_response_id":{{previous}},"usage":{{use}}}""";
        var response = Response("completed", message, usage);
        if (!(body.TryGetProperty("store", out var store) && store.ValueKind == JsonValueKind.False))
        {
            stored[id] = response;
        }

        if (!(body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True))
        {
            LastAnswer = response;
            await OpenAiWire.WriteJsonAsync(context, 200, response);
            return;
        }

        var inProgress = Response("in_progress", "", "null");
        var added = message.Replace("\"status\":\"completed\"", "\"status\":\"in_progress\"").Replace($"\"text\":\"{Text}\",\"annotations\":[],\"logprobs\":[]", "\"text\":\"\",\"annotations\":[],\"logprobs\":[]");
        string[] events =
        [
            $$"""event: response.created{{"\n"}}data: {"type":"response.created","sequence_number":0,"response":{{inProgress}}}""",
            $$"""event: response.in_progress{{"\n"}}data: {"type":"response.in_progress","sequence_number":1,"response":{{inProgress}}}""",
            $$"""event: response.output_item.added{{"\n"}}data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{{added}}}""",
            $$"""event: response.output_text.delta{{"\n"}}data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_{{id}}","output_index":0,"content_index":0,"delta":"Patch","logprobs":[],"obfuscation":"x1"}""",
            $$"""event: response.output_text.delta{{"\n"}}data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_{{id}}","output_index":0,"content_index":0,"delta":"ed.","logprobs":[],"obfuscation":"x2"}""",
            $$"""event: response.output_item.done{{"\n"}}data: {"type":"response.output_item.done","sequence_number":5,"output_index":0,"item":{{message}}}""",
            $$"""event: response.completed{{"\n"}}data: {"type":"response.completed","sequence_number":6,"response":{{response}}}""",
        ];
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        var written = new StringBuilder();
        foreach (var sse in events.Take(CutAfter ?? events.Length))
        {
            written.Append(sse).Append("\n\n");
            await context.Response.WriteAsync(sse + "\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        LastAnswer = written.ToString();
    }
}
