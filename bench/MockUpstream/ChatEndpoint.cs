using System.Buffers;
using System.IO.Pipelines;

namespace ModelGate.Bench.MockUpstream;

/// <summary>
/// POST /v1/chat/completions answered from pre-built bytes: a completion, or (when the body says
/// <c>"stream": true</c>) an event stream flushed event by event. The request body is always read to the end.
/// </summary>
public sealed class ChatEndpoint(MockOptions options)
{
    private readonly byte[] completion = ChatPayloads.Completion();
    private readonly byte[][] stream = ChatPayloads.StreamEvents(options.Chunks, includeUsage: false);
    private readonly byte[][] streamWithUsage = ChatPayloads.StreamEvents(options.Chunks, includeUsage: true);
    private readonly TimeSpan delay = TimeSpan.FromMilliseconds(options.ChunkDelayMs);

    private static readonly byte[] ServerError =
        """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"""u8.ToArray();

    private long flakyRequests;
    private long flakyFailures;

    /// <summary>How much traffic reached the flaky route and how much of it failed.</summary>
    public string Stats() => $"flaky_requests={Interlocked.Read(ref flakyRequests)} flaky_failures={Interlocked.Read(ref flakyFailures)}";

    /// <summary>The flaky route: fails <see cref="MockOptions.FailPercent"/> % of requests at random with a 500, as OpenAI does.</summary>
    public async Task HandleFlakyAsync(HttpContext context)
    {
        Interlocked.Increment(ref flakyRequests);
        if (Random.Shared.Next(100) >= options.FailPercent)
        {
            await HandleAsync(context);
            return;
        }

        Interlocked.Increment(ref flakyFailures);
        await ReadFlagsAsync(context.Request.BodyReader, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = ServerError.Length;
        await context.Response.BodyWriter.WriteAsync(ServerError, context.RequestAborted);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var (isStream, includeUsage) = await ReadFlagsAsync(context.Request.BodyReader, context.RequestAborted);
        var response = context.Response;
        if (!isStream)
        {
            response.ContentType = "application/json";
            response.ContentLength = completion.Length;
            await response.BodyWriter.WriteAsync(completion, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var events = includeUsage ? streamWithUsage : stream;
        var chunkEvents = options.Chunks;
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0 && i < chunkEvents && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            var flush = await response.BodyWriter.WriteAsync(events[i], context.RequestAborted);
            if (flush.IsCanceled || flush.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Drains the body, then looks for <c>"stream": true</c> and <c>"include_usage": true</c> by bytes.</summary>
    private static async Task<(bool Stream, bool IncludeUsage)> ReadFlagsAsync(PipeReader body, CancellationToken cancellation)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellation);
            if (!result.IsCompleted)
            {
                body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                continue;
            }

            var buffer = result.Buffer;
            var bytes = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
            var flags = (IsTrue(bytes, "\"stream\""u8), IsTrue(bytes, "\"include_usage\""u8));
            body.AdvanceTo(buffer.End);
            return flags;
        }
    }

    private static bool IsTrue(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        var at = body.IndexOf(name);
        return at >= 0 && body[(at + name.Length)..].TrimStart(" \t\r\n:"u8).StartsWith("true"u8);
    }
}
