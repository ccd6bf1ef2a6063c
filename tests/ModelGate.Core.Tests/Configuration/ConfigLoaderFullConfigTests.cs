using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>A config that uses every field, read back field by field.</summary>
public sealed class ConfigLoaderFullConfigTests
{
    private const string Yaml = """
        # Every field the loader knows, with values that differ from the defaults.
        server:
          listen: http://0.0.0.0:8080
          master_key: ${MASTER_KEY}
          max_request_body_mb: 8

        keys:
          - name: team-a
            key: sk-team-a-0123456789
            models: [demo, gpt]
          - name: ops
            key: ${OPS_KEY}

        providers:
          openai:
            type: openai
            api_key: ${OPENAI_API_KEY}
            headers:
              OpenAI-Organization: org-123
              X-Trace: ${TRACE:-off}
            timeouts:
              connect_ms: 2000
              first_byte_ms: 30000
              idle_ms: 15000
          local:
            type: openai-compatible
            base_url: http://localhost:11434/v1/
            auth_header: api-key
          proxy:
            type: openai-compatible
            base_url: https://proxy.example.com/openai
            api_key: proxy-key
            auth_header: X-Proxy-Auth
            auth_scheme: Token
          fake:
            type: mock
            latency_ms: 50
            chunks: 3
            chunk_delay_ms: 10
            fail_status: 503
            fail_after_chunks: 2

        models:
          gpt:
            deployments:
              - provider: openai
                model: gpt-4o-mini
              - provider: local
                model: llama3.1
          demo:
            deployments:
              - { provider: fake, model: mock-1 }
        """;

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["MASTER_KEY"] = "sk-master-0123456789abcdef",
        ["OPS_KEY"] = "sk-ops-0123456789abcdef",
        ["OPENAI_API_KEY"] = "sk-openai-secret",
    };

    private static GatewayConfig Load() => ConfigYaml.LoadValid(Yaml, Environment);

    [Fact]
    public void ServerSettingsAreRead()
    {
        var server = Load().Server;

        Assert.Equal(new Uri("http://0.0.0.0:8080"), server.Listen);
        Assert.Equal("sk-master-0123456789abcdef", server.MasterKey);
        Assert.Equal(8L * 1024 * 1024, server.MaxRequestBodyBytes);
    }

    [Fact]
    public void KeysAreReadInOrderWithTheirModels()
    {
        var keys = Load().Keys;

        Assert.Equal(2, keys.Count);
        Assert.Equal("team-a", keys[0].Name);
        Assert.Equal("sk-team-a-0123456789", keys[0].Key);
        Assert.Equal(["demo", "gpt"], keys[0].Models);
        Assert.Equal("ops", keys[1].Name);
        Assert.Equal("sk-ops-0123456789abcdef", keys[1].Key);
        Assert.Null(keys[1].Models);
    }

    [Fact]
    public void AllProvidersAreRead()
    {
        Assert.Equal(["fake", "local", "openai", "proxy"], Load().Providers.Keys.Order());
    }

    [Fact]
    public void OpenAiProviderIsRead()
    {
        var openai = Load().Providers["openai"];

        Assert.Equal("openai", openai.Name);
        Assert.Equal(ProviderTypes.OpenAi, openai.Type);
        Assert.Equal(new Uri("https://api.openai.com/v1"), openai.BaseUrl);
        Assert.Equal("sk-openai-secret", openai.ApiKey);
        Assert.Equal("Authorization", openai.AuthHeader);
        Assert.Equal("Bearer", openai.AuthScheme);
        Assert.Equal(TimeSpan.FromMilliseconds(2000), openai.Timeouts.Connect);
        Assert.Equal(TimeSpan.FromMilliseconds(30000), openai.Timeouts.FirstByte);
        Assert.Equal(TimeSpan.FromMilliseconds(15000), openai.Timeouts.Idle);
    }

    [Fact]
    public void HeadersAreReadWithInterpolationAndFoundIgnoringCase()
    {
        var headers = Load().Providers["openai"].Headers;

        Assert.Equal(2, headers.Count);
        Assert.Equal("org-123", headers["OpenAI-Organization"]);
        Assert.Equal("org-123", headers["openai-organization"]);
        Assert.Equal("off", headers["X-Trace"]);
    }

    [Fact]
    public void OpenAiCompatibleProviderWithCustomAuthHeaderHasEmptyScheme()
    {
        var local = Load().Providers["local"];

        Assert.Equal(ProviderTypes.OpenAiCompatible, local.Type);
        Assert.Equal(new Uri("http://localhost:11434/v1"), local.BaseUrl);
        Assert.Null(local.ApiKey);
        Assert.Equal("api-key", local.AuthHeader);
        Assert.Equal("", local.AuthScheme);
        Assert.Empty(local.Headers);
    }

    [Fact]
    public void BaseUrlLosesItsTrailingSlash()
    {
        Assert.Equal("http://localhost:11434/v1", Load().Providers["local"].BaseUrl!.OriginalString);
    }

    [Fact]
    public void ExplicitAuthSchemeIsKept()
    {
        var proxy = Load().Providers["proxy"];

        Assert.Equal(new Uri("https://proxy.example.com/openai"), proxy.BaseUrl);
        Assert.Equal("proxy-key", proxy.ApiKey);
        Assert.Equal("X-Proxy-Auth", proxy.AuthHeader);
        Assert.Equal("Token", proxy.AuthScheme);
    }

    [Fact]
    public void MockProviderIsRead()
    {
        var fake = Load().Providers["fake"];

        Assert.Equal(ProviderTypes.Mock, fake.Type);
        Assert.Null(fake.BaseUrl);
        Assert.Null(fake.ApiKey);
        Assert.Equal(
            new MockSettings(TimeSpan.FromMilliseconds(50), 3, TimeSpan.FromMilliseconds(10), 503, 2),
            fake.Mock);
    }

    [Fact]
    public void ModelsAreReadWithDeploymentsInOrder()
    {
        var models = Load().Models;

        Assert.Equal(["demo", "gpt"], models.Keys.Order());
        Assert.Equal("gpt", models["gpt"].Name);
        Assert.Equal(["openai/gpt-4o-mini", "local/llama3.1"], models["gpt"].Deployments.Select(d => d.Key));
        Assert.Equal(["fake/mock-1"], models["demo"].Deployments.Select(d => d.Key));
    }

    [Fact]
    public void JsonStyleConfigWithQuotedKeysIsRead()
    {
        var config = ConfigYaml.LoadValid("""
            {
              "server": { "listen": "http://127.0.0.1:9000", "max_request_body_mb": 2 },
              "providers": { "fake": { "type": "mock", "chunks": 7 } },
              "models": { "demo": { "deployments": [ { "provider": "fake", "model": "m" } ] } }
            }
            """);

        Assert.Equal(new Uri("http://127.0.0.1:9000"), config.Server.Listen);
        Assert.Equal(2L * 1024 * 1024, config.Server.MaxRequestBodyBytes);
        Assert.Equal(7, config.Providers["fake"].Mock.Chunks);
        Assert.Equal(["fake/m"], config.Models["demo"].Deployments.Select(d => d.Key));
    }
}
