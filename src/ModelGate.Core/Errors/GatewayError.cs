namespace ModelGate.Core.Errors;

/// <summary>
/// An error as the client sees it: HTTP status plus the OpenAI error object fields.
/// <paramref name="Code"/> is one of <see cref="ErrorCodes"/>, or a provider's own code passed through.
/// </summary>
/// <param name="RetryAfter">Sent as the <c>retry-after</c> header when set.</param>
public sealed record GatewayError(int Status, string Type, string? Code, string Message, string? Param = null, TimeSpan? RetryAfter = null);
