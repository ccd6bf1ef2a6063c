using ModelGate.Core.Configuration;
using ModelGate.Providers;
using ModelGate.Providers.Http;

namespace ModelGate.Server.Hosting;

/// <summary>
/// The one way a config file is accepted, at start-up, by <c>validate</c> and on reload: the file's own checks,
/// then what only the provider adapters can check.
/// </summary>
public static class ConfigFileLoader
{
    public static ConfigLoadResult Load(string path, ConfigLoader loader, ProviderFactory providers)
    {
        var result = loader.LoadFile(path);
        if (!result.IsValid)
        {
            return result;
        }

        var errors = providers.Check(result.Config!);
        return errors.Count == 0 ? result : new ConfigLoadResult(null, errors);
    }

    /// <summary>For the command line, before any host exists.</summary>
    public static ConfigLoadResult Load(string path)
    {
        using var http = new UpstreamHttp();
        return Load(path, new ConfigLoader(EnvInterpolator.FromProcess()), new ProviderFactory(http, TimeProvider.System));
    }
}
