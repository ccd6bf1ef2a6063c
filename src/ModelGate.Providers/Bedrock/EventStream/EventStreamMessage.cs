namespace ModelGate.Providers.Bedrock.EventStream;

/// <summary>One decoded <c>application/vnd.amazon.eventstream</c> message: its string headers and its payload.</summary>
public sealed record EventStreamMessage(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
{
    /// <summary><c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public string? MessageType => Header(":message-type");

    public string? EventType => Header(":event-type");

    public string? ExceptionType => Header(":exception-type");

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
