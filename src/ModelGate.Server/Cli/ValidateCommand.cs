using ModelGate.Core.Configuration;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Cli;

/// <summary><c>modelgate validate</c>: exit 0 when the file is valid, 1 with every error listed when not.</summary>
public static class ValidateCommand
{
    public static int Run(string path, TextWriter output, TextWriter errors)
    {
        var result = ConfigFileLoader.Load(path);
        if (!result.IsValid)
        {
            Report(path, result, errors);
            return 1;
        }

        var config = result.Config!;
        output.WriteLine($"{path} is valid: {config.Providers.Count} provider(s), {config.Models.Count} model(s), {config.Keys.Count} key(s).");
        return 0;
    }

    public static void Report(string path, ConfigLoadResult result, TextWriter errors)
    {
        errors.WriteLine($"{path} has {result.Errors.Count} error(s):");
        foreach (var error in result.Errors)
        {
            errors.WriteLine($"  {error}");
        }
    }
}
