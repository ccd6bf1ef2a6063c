using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// The signed assertion of the OAuth 2.0 JWT bearer grant (RFC 7523) as Google's service-account flow
/// defines it: RS256, issued by the account's e-mail, for the cloud-platform scope, valid one hour.
/// </summary>
public static class ServiceAccountJwt
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <param name="audience">The token endpoint the assertion is presented to.</param>
    public static string Create(ServiceAccountKey key, string audience, DateTimeOffset now)
    {
        var header = Json(writer =>
        {
            writer.WriteString("alg", "RS256");
            writer.WriteString("typ", "JWT");
            if (key.PrivateKeyId is { Length: > 0 } kid)
            {
                writer.WriteString("kid", kid);
            }
        });
        var issuedAt = now.ToUnixTimeSeconds();
        var claims = Json(writer =>
        {
            writer.WriteString("iss", key.ClientEmail);
            writer.WriteString("scope", Scope);
            writer.WriteString("aud", audience);
            writer.WriteNumber("iat", issuedAt);
            writer.WriteNumber("exp", issuedAt + (long)Lifetime.TotalSeconds);
        });

        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(claims)}";
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKey);
        var signature = rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
