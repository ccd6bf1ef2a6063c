using System.Diagnostics;
using System.Text.Json;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Sdk;

/// <summary>
/// The official OpenAI JavaScript SDK (tests/sdk-js, installed by test.sh with npm ci) against the real gateway:
/// a completion, a stream with usage, the model list and an error, as a Node.js user would make them.
/// </summary>
public sealed class JavaScriptSdkTests
{
    [Fact]
    public async Task Official_js_sdk_works_unchanged()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "sdk-js", "chat.mjs");
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "sdk-js", "node_modules", "openai")),
            "tests/sdk-js/node_modules is missing: ./test.sh installs it with npm ci");
        await using var gateway = await TestGateway.StartAsync("""
            providers:
              demo: { type: mock, chunks: 3 }
            models:
              demo:
                deployments: [{ provider: demo, model: echo }]
            """);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, gateway.BaseUrl + "/v1", TestGateway.MasterKey, "demo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode == 0, await errors);
        var seen = JsonDocument.Parse(await output).RootElement;
        Assert.Equal("Hello from JavaScript", seen.GetProperty("content").GetString());
        Assert.Equal("Streamed from JavaScript", seen.GetProperty("streamed").GetString());
        Assert.True(seen.GetProperty("totalTokens").GetInt32() > 0);
        Assert.Equal(["demo"], seen.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(404, seen.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal("model_not_found", seen.GetProperty("error").GetProperty("code").GetString());
    }
}
