using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers.Mock;

/// <summary>
/// A provider that answers without any network: it echoes the last user message, with configurable latency,
/// chunking and failures. For demos, load tests and failure drills — never a real model.
/// </summary>
public sealed class MockProvider(ProviderSettings settings, TimeProvider time) : IChatProvider
{
    private MockSettings Mock => settings.Mock;

    public async Task<ChatOutcome> SendChatAsync(ChatCall call, CancellationToken cancellationToken)
    {
        if (Mock.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Mock.Latency, time, cancellationToken).ConfigureAwait(false);
        }

        var failsNow = Mock.FailStatus is not null && (Mock.FailAfterChunks is null || !call.Request.Stream);
        if (failsNow || (Mock.FailAfterChunks is not null && !call.Request.Stream))
        {
            var status = Mock.FailStatus ?? 500;
            return OpenAiErrorMapper.Map(settings.Name, status, MockJson.Error(status, $"mock provider '{settings.Name}' fails with HTTP {status} as configured"), null);
        }

        MockReply reply;
        try
        {
            reply = MockReply.For(call.Request.Body);
        }
        catch (InvalidOperationException)
        {
            // A string escape that decodes to no valid Unicode (a lone surrogate): the client's body is at fault.
            return new ChatFailed(GatewayErrors.InvalidJson("a string in the body is not valid Unicode (a lone surrogate escape)."), Retriable: false);
        }

        var id = $"chatcmpl-{call.RequestId}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var model = call.Deployment.Model;
        if (!call.Request.Stream)
        {
            return new ChatCompleted(MockJson.Completion(id, created, model, reply), reply.Usage);
        }

        var pieces = reply.Pieces(Mock.Chunks);
        var chunks = new List<byte[]>(pieces.Count + 1);
        for (var i = 0; i < pieces.Count; i++)
        {
            chunks.Add(MockJson.Chunk(id, created, model, i == 0 ? "assistant" : null, pieces[i], null));
        }

        chunks.Add(MockJson.Chunk(id, created, model, null, null, "stop"));
        var failure = Mock.FailAfterChunks is { } after
            ? (after, GatewayErrors.Upstream(settings.Name, $"the mock stream fails after {after} chunks as configured"))
            : ((int, GatewayError)?)null;
        return new ChatStreaming(new MockChatStream(chunks, MockJson.UsageChunk(id, created, model, reply.Usage), reply.Usage, Mock.ChunkDelay, failure, time));
    }
}
