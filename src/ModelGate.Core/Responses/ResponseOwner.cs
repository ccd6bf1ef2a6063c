using System.Security.Cryptography;
using System.Text;

namespace ModelGate.Core.Responses;

/// <summary>
/// Identifies the key that created a stored response without keeping the key: the SHA-256 digest of it. Two keys
/// that share a name stay apart, and a rotated key no longer reaches what the old one stored.
/// </summary>
public static class ResponseOwner
{
    public static string Of(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        return Convert.ToHexStringLower(SHA256.HashData(utf8[..length]));
    }
}
