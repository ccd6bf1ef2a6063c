using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ModelGate.Core.Auth;

/// <summary>
/// Authenticates the master key and the keys listed in config. Keys are held only as SHA-256 digests, found
/// by a prefix of the digest and then compared whole in constant time, so lookup is O(1) and timing says
/// nothing about how much of a key was right.
/// </summary>
public sealed class StaticKeyAuthenticator : IKeyAuthenticator
{
    public const int MinKeyChars = 16;
    public const int MaxKeyChars = 512;

    private readonly Dictionary<UInt128, (byte[] Digest, Principal Principal)> keys = [];

    public StaticKeyAuthenticator(IEnumerable<(string Key, Principal Principal)> entries)
    {
        foreach (var (key, principal) in entries)
        {
            var digest = Digest(key);
            keys[Prefix(digest)] = (digest, principal);
        }
    }

    public Principal? Authenticate(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyChars)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        return keys.TryGetValue(Prefix(digest), out var entry) && CryptographicOperations.FixedTimeEquals(entry.Digest, digest)
            ? entry.Principal
            : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static UInt128 Prefix(ReadOnlySpan<byte> digest) => BinaryPrimitives.ReadUInt128LittleEndian(digest);
}
