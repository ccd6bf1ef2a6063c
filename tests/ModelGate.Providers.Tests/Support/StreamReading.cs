using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.Tests.Support;

/// <summary>A <see cref="StreamEvent"/> with its data copied out, since the original is valid only until the next read.</summary>
internal sealed record ReadEvent(StreamEventKind Kind, string Data, TokenUsage? Usage, bool IsUsageOnly, GatewayError? Error);

internal static class StreamReading
{
    public static async Task<ReadEvent> NextAsync(this IChatStream stream, CancellationToken cancellationToken = default)
    {
        var e = await stream.ReadAsync(cancellationToken);
        return new ReadEvent(e.Kind, Encoding.UTF8.GetString(e.Data.Span), e.Usage, e.IsUsageOnly, e.Error);
    }

    /// <summary>Reads up to and including the first Done or Failed event.</summary>
    public static async Task<List<ReadEvent>> ReadAllAsync(this IChatStream stream, int max = 1000)
    {
        var events = new List<ReadEvent>();
        for (var i = 0; i < max; i++)
        {
            var e = await stream.NextAsync();
            events.Add(e);
            if (e.Kind != StreamEventKind.Chunk)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"the stream did not end within {max} events");
    }

    public static IChatStream AssertStreaming(this ChatOutcome outcome) => Assert.IsType<ChatStreaming>(outcome).Stream;

    public static GatewayError AssertFailed(this ChatOutcome outcome, bool retriable)
    {
        var failed = Assert.IsType<ChatFailed>(outcome);
        Assert.Equal(retriable, failed.Retriable);
        return failed.Error;
    }
}
