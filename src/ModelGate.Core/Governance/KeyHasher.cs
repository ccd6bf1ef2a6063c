using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ModelGate.Core.Governance;

/// <summary>
/// Makes virtual keys and their digests. A key is <c>mg-</c> and 32 random bytes in base64url; it is stored only as
/// HMAC-SHA256 under a server-side pepper, so a stolen database alone cannot be used to check guesses.
/// </summary>
public sealed class KeyHasher
{
    public const string Prefix = "mg-";
    public const int SecretBytes = 32;
    public const int MinPepperBytes = 32;

    /// <summary>Characters of the key kept readable in front of the ellipsis: <c>mg-</c> and four more.</summary>
    public const int HintPrefixChars = 7;

    private readonly byte[] pepper;

    public KeyHasher(byte[] pepper)
    {
        if (pepper.Length < MinPepperBytes)
        {
            throw new ArgumentException($"The key pepper must be at least {MinPepperBytes} bytes.", nameof(pepper));
        }

        this.pepper = pepper;
    }

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>How a key is shown after its creation: its first characters and its last four.</summary>
    public static string Hint(string key) => key[..HintPrefixChars] + "..." + key[^4..];

    public byte[] Hash(ReadOnlySpan<char> key)
    {
        var digest = new byte[HMACSHA256.HashSizeInBytes];
        Hash(key, digest);
        return digest;
    }

    public void Hash(ReadOnlySpan<char> key, Span<byte> destination)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        HMACSHA256.HashData(pepper, utf8[..length], destination);
    }
}
