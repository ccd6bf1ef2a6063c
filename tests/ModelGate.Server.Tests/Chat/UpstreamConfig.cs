namespace ModelGate.Server.Tests.Chat;

/// <summary>Config YAML for a gateway whose model <c>gpt</c> goes to a fake OpenAI-compatible upstream.</summary>
public static class UpstreamConfig
{
    public const string ProviderKey = "sk-upstream-secret-4f9d2c7a1b";

    public static string For(string baseUrl, string timeouts = "", string extraModels = "", string keys = "") => $"""
        providers:
          up:
            type: openai-compatible
            base_url: {baseUrl}
            api_key: {ProviderKey}
        {Indent(timeouts, 4)}
          demo:
            type: mock
        models:
          gpt:
            deployments:
              - {"{"} provider: up, model: gpt-4o-mini {"}"}
          demo:
            deployments:
              - {"{"} provider: demo, model: echo {"}"}
        {extraModels}
        {keys}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
