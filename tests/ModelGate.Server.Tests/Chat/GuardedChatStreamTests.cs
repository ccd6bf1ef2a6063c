using Microsoft.Extensions.Logging.Abstractions;
using ModelGate.Core.Providers;
using ModelGate.Server.Endpoints;

namespace ModelGate.Server.Tests.Chat;

public sealed class GuardedChatStreamTests
{
    [Fact]
    public async Task An_exception_while_reading_becomes_a_failure_event()
    {
        await using var stream = new GuardedChatStream(new ThrowingStream(new InvalidOperationException("boom")), "p/m", NullLogger.Instance);

        var next = await stream.ReadAsync(CancellationToken.None);

        Assert.Equal(StreamEventKind.Failed, next.Kind);
        Assert.Equal("upstream_error", next.Error!.Code);
    }

    [Fact]
    public async Task The_callers_own_cancellation_still_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var stream = new GuardedChatStream(new ThrowingStream(new OperationCanceledException(cancelled.Token)), "p/m", NullLogger.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(cancelled.Token).AsTask());
    }

    private sealed class ThrowingStream(Exception exception) : IChatStream
    {
        public ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromException<StreamEvent>(exception);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
