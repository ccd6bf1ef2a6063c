using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Cli;

/// <summary>
/// The README's first command, as a new user runs it: the built <c>modelgate</c> binary serving the repository's
/// own <c>modelgate.yaml</c> with no environment variable set answers the demo model.
/// </summary>
public sealed partial class ShippedConfigTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Shipped_config_serves_the_demo_model_with_a_generated_key()
    {
        var root = RepoPaths.Root;
        var config = Path.Combine(Path.GetTempPath(), $"modelgate-shipped-{Guid.NewGuid():N}.yaml");
        var shipped = await File.ReadAllTextAsync(Path.Combine(root, "modelgate.yaml"));
        Assert.Contains("listen: http://127.0.0.1:4000", shipped);
        await File.WriteAllTextAsync(config, shipped.Replace("listen: http://127.0.0.1:4000", "listen: http://127.0.0.1:0"));

        using var process = StartServe(config);
        var output = new OutputCollector(process);
        try
        {
            var key = (await output.WaitForAsync(GeneratedKey(), Patience)).Groups[1].Value;
            var url = (await output.WaitForAsync(ListeningOn(), Patience)).Groups[1].Value;
            using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            var response = await http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("demo")));

            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Hello", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Single(GeneratedKey().Matches(output.Text));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        using var process = Start("version");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Matches(@"^modelgate \d+\.\d+\.\d+", text);
    }

    [Fact]
    public async Task Serve_refuses_an_invalid_config_with_exit_code_1()
    {
        var config = Path.Combine(Path.GetTempPath(), $"modelgate-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, "providers:\n  x: { type: nope }\n");
        try
        {
            using var process = StartServe(config);
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("providers.x.type", errors);
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static Process StartServe(string config) => Start("serve", "--config", config);

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modelgate.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("MODELGATE_MASTER_KEY");
        return Process.Start(info)!;
    }

    [GeneratedRegex(@"(mg-master-[0-9a-f]{48})")]
    private static partial Regex GeneratedKey();

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    /// <summary>Gathers a process's stdout and stderr as they arrive, so tests can wait for a line.</summary>
    private sealed class OutputCollector
    {
        private readonly System.Text.StringBuilder text = new();

        public OutputCollector(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        public async Task<Match> WaitForAsync(Regex pattern, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (true)
            {
                var match = pattern.Match(Text);
                if (match.Success)
                {
                    return match;
                }

                Assert.True(DateTime.UtcNow < deadline, $"no output matching {pattern}:\n{Text}");
                await Task.Delay(50);
            }
        }

        private void Append(string? line)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }
}
