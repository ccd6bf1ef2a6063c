namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>A gateway whose one model goes to one provider (a fake upstream in some provider's wire format), with no retry rounds.</summary>
public static class SingleProviderGateway
{
    /// <param name="providerYaml">The <c>providers:</c> entry's body, unindented.</param>
    /// <param name="extra">More top-level YAML (keys, other sections).</param>
    public static Task<TestGateway> StartAsync(string providerYaml, string model, string upstreamModel, string extra = "")
    {
        var provider = string.Join('\n', providerYaml.Split('\n').Select(line => "    " + line));
        // No retry rounds: these tests check how one provider's answers are mapped; routing has its own tests.
        return TestGateway.StartAsync($"""
            routing:
              retries: {"{"} max: 0 {"}"}
            providers:
              p:
            {provider}
            models:
              {model}:
                deployments: [{"{"} provider: p, model: "{upstreamModel}" {"}"}]
            {extra}
            """);
    }
}
