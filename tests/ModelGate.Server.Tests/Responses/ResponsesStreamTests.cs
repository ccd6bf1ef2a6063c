using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Server.Tests.Conformance.OpenAi;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Responses;

/// <summary>The Responses event stream on the wire: event order, sequence numbers, and how a cut stream ends.</summary>
public sealed class ResponsesStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private ResponsesGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await ResponsesGateway.StartAsync(new OpenAiFake());

    public Task DisposeAsync() => gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task Events_come_in_order_with_sequence_numbers_from_zero()
    {
        gateway.Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context,
            [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Hel"), OpenAiWire.Chunk("lo"), OpenAiWire.Chunk(null, finishReason: "stop"), OpenAiWire.UsageChunk]);

        var events = await StreamAsync();

        Assert.Equal(
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
            "response.output_item.done", "response.completed",
        ], events.Select(e => e.Name));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));

        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(29, completed.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        // What was streamed is what is stored.
        var id = completed.GetProperty("id").GetString();
        var stored = await gateway.Gateway.Http.GetStringAsync($"v1/responses/{id}");
        Assert.Equal(completed.GetRawText(), stored);
    }

    [Fact]
    public async Task Stream_cut_after_it_started_ends_with_response_failed_and_is_stored_as_failed()
    {
        gateway.Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context,
            [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("partial")], done: false);

        var events = await StreamAsync();

        Assert.Equal("response.failed", events[^1].Name);
        Assert.DoesNotContain(events, e => e.Name == "response.completed");
        var failed = events[^1].Data.GetProperty("response");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("server_error", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("incomplete", failed.GetProperty("output")[0].GetProperty("status").GetString());

        var stored = await gateway.Gateway.Http.GetStringAsync($"v1/responses/{failed.GetProperty("id").GetString()}");
        Assert.Equal("failed", JsonDocument.Parse(stored).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Upstream_error_before_the_first_byte_is_an_ordinary_http_error()
    {
        gateway.Upstream.Handler = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "7";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("Rate limit reached", "requests", null, "rate_limit_exceeded"));
        };

        using var response = await PostStreamAsync();

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
    }

    private async Task<HttpResponseMessage> PostStreamAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/responses")
        {
            Content = new StringContent("""{"model":"conv","input":"Say hello","stream":true}""", MediaTypeHeaderValue.Parse("application/json")),
        };
        return await gateway.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
    }

    private async Task<List<(string Name, JsonElement Data)>> StreamAsync()
    {
        using var response = await PostStreamAsync();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Patience);
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0]);
            Assert.StartsWith("data: ", lines[1]);
            events.Add((lines[0]["event: ".Length..], JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone()));
        }

        return events;
    }
}
