using System.IO.Pipelines;
using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Tests.Support;
using static ModelGate.Providers.Tests.OpenAi.OpenAiChatStreamTests;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>The idle deadline between stream events, with real but short timeouts.</summary>
[Collection(RealTimeCollection.Name)]
public sealed class OpenAiChatStreamTimeoutTests
{
    [Fact]
    public async Task StreamThatStallsPastIdleTimesOut()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($"data: {Chunk1}\n\n"));
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()), idle: TimeSpan.FromMilliseconds(200));

        var first = await stream.NextAsync();
        var started = DateTime.UtcNow;
        var second = await stream.NextAsync();

        Assert.Equal(StreamEventKind.Chunk, first.Kind);
        Assert.Equal(new ReadEvent(StreamEventKind.Failed, "", null, false, GatewayErrors.UpstreamTimeout("up", "with no stream event for 0.2 s")), second);
        Assert.Equal(504, second.Error!.Status);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task IdleDeadlineRestartsOnEveryEvent()
    {
        var pipe = new Pipe();
        // Four gaps of 0.5 s add up to more than the 1.5 s idle deadline; each alone is well inside it.
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()), idle: TimeSpan.FromMilliseconds(1500));

        var kinds = new List<StreamEventKind>();
        for (var i = 0; i < 4; i++)
        {
            var read = stream.NextAsync();
            await Task.Delay(500);
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($"data: {Chunk2}\n\n"));
            kinds.Add((await read).Kind);
        }

        Assert.All(kinds, kind => Assert.Equal(StreamEventKind.Chunk, kind));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task CancellingTheReadTokenAloneStopsTheRead()
    {
        var pipe = new Pipe();
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()), idle: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var read = stream.ReadAsync(cancellation.Token).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(2)));
        await pipe.Writer.CompleteAsync();
    }
}
