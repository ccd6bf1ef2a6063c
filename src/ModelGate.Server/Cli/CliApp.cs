using System.CommandLine;
using System.Reflection;

namespace ModelGate.Server.Cli;

/// <summary>The <c>modelgate</c> command line: <c>serve</c>, <c>validate</c>, <c>keys</c>, <c>teams</c>, <c>spend</c>, <c>version</c>.</summary>
public static class CliApp
{
    public const string DefaultConfigPath = "modelgate.yaml";

    public static RootCommand Build()
    {
        var serveConfig = ConfigOption();
        var serve = new Command("serve", "Run the gateway.") { serveConfig };
        serve.SetAction((result, cancellation) => ServeCommand.RunAsync(result.GetValue(serveConfig)!, cancellation));

        var validateConfig = ConfigOption();
        var validate = new Command("validate", "Check a config file and print every error with the path of its field.") { validateConfig };
        validate.SetAction(result => ValidateCommand.Run(result.GetValue(validateConfig)!, Console.Out, Console.Error));

        var version = new Command("version", "Print the ModelGate version.");
        version.SetAction(_ => Console.WriteLine($"modelgate {Version}"));

        return new RootCommand("ModelGate: one OpenAI-compatible endpoint in front of every model provider.")
        {
            serve, validate, GovernanceCommands.Keys(), GovernanceCommands.Teams(), GovernanceCommands.Spend(), version,
        };
    }

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static Option<string> ConfigOption() => new("--config", "-c")
    {
        Description = "Path of the YAML config file.",
        DefaultValueFactory = _ => DefaultConfigPath,
    };
}
