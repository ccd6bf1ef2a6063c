namespace ModelGate.Server.Tests.Infrastructure;

public static class ResponseHeader
{
    /// <summary>The single value of a response header; fails the test when it is absent.</summary>
    public static string Of(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");
}
