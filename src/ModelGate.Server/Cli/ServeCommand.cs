using ModelGate.Core.Configuration;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Cli;

/// <summary><c>modelgate serve</c>: refuse to start on an invalid config, otherwise run until stopped.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string path, CancellationToken cancellation)
    {
        var result = ConfigFileLoader.Load(path);
        if (!result.IsValid)
        {
            ValidateCommand.Report(path, result, Console.Error);
            return 1;
        }

        await using var app = GatewayHost.Build(new GatewayHost.Options(path, result.Config!));
        await app.RunAsync(cancellation);
        return 0;
    }
}
