using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// Turns an exception thrown while reading a provider's stream into a failure event, so a broken stream always
/// ends the defined way (an HTTP error before the first byte, an in-band error event after it) and never as a
/// clean end of a cut answer. The caller's own cancellation still throws.
/// </summary>
internal sealed partial class GuardedChatStream(IChatStream inner, string deployment, ILogger logger) : IChatStream
{
    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStreamException(logger, e, deployment);
            return StreamEvent.Failed(GatewayErrors.Upstream(deployment, "the stream could not be read"));
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the stream of deployment {Deployment} threw")]
    private static partial void LogStreamException(ILogger logger, Exception exception, string deployment);
}
