using System.Security.Cryptography;

namespace ModelGate.Server.Hosting;

/// <summary>
/// The master key from config, or, when the config leaves it empty, one generated at start-up, printed once to
/// the console (never to the log) and kept for the life of the process, reloads included.
/// </summary>
public sealed class MasterKey(TextWriter console)
{
    private readonly Lazy<string> generated = new(() => Generate(console));

    public bool IsGenerated { get; private set; }

    public string Resolve(string? configured)
    {
        if (configured is not null)
        {
            return configured;
        }

        IsGenerated = true;
        return generated.Value;
    }

    private static string Generate(TextWriter console)
    {
        var key = "mg-master-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        console.WriteLine("No server.master_key is set, so this key was generated for this run (it is not shown again):");
        console.WriteLine($"  {key}");
        console.WriteLine("Set MODELGATE_MASTER_KEY to choose your own. The gateway listens on loopback only until you do.");
        return key;
    }
}
