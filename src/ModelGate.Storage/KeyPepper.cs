using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ModelGate.Core.Governance;

namespace ModelGate.Storage;

/// <summary>
/// The server-side secret virtual keys are hashed with. From <c>MODELGATE_KEY_PEPPER</c> when set (at least 32
/// characters); otherwise read from, or generated once into, a file beside the database (<c>&lt;database&gt;.pepper</c>,
/// owner-only permissions). Losing or changing it makes every virtual key unusable.
/// </summary>
public static class KeyPepper
{
    public const string EnvironmentVariable = "MODELGATE_KEY_PEPPER";

    /// <param name="fromFile">Set to the file's path when the pepper came from (or was written to) it.</param>
    public static byte[] Resolve(string databasePath, string? environmentValue, out string? fromFile)
    {
        if (!string.IsNullOrEmpty(environmentValue))
        {
            if (environmentValue.Length < KeyHasher.MinPepperBytes)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} must be at least {KeyHasher.MinPepperBytes} characters.");
            }

            fromFile = null;
            return Encoding.UTF8.GetBytes(environmentValue);
        }

        fromFile = Path.GetFullPath(databasePath) + ".pepper";
        if (File.Exists(fromFile))
        {
            return Read(fromFile);
        }

        var pepper = RandomNumberGenerator.GetBytes(KeyHasher.MinPepperBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(fromFile, options);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(Base64Url.EncodeToString(pepper));
        }
        catch (IOException) when (File.Exists(fromFile))
        {
            return Read(fromFile); // another process (the CLI, a second gateway) made it first
        }

        return pepper;
    }

    private static byte[] Read(string file)
    {
        var bytes = Base64Url.DecodeFromChars(File.ReadAllText(file).Trim());
        return bytes.Length >= KeyHasher.MinPepperBytes
            ? bytes
            : throw new InvalidOperationException($"The pepper file '{file}' is damaged: it holds fewer than {KeyHasher.MinPepperBytes} bytes.");
    }
}
