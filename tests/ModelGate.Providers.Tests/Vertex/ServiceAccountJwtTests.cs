using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelGate.Providers.Vertex;

namespace ModelGate.Providers.Tests.Vertex;

/// <summary>The JWT assertion (developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).</summary>
public sealed class ServiceAccountJwtTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1750000000);

    [Fact]
    public void AssertionIsAnRs256JwtSignedByTheServiceAccountKey()
    {
        using var account = new TestServiceAccount();
        var key = ServiceAccountKey.Load(account.Path);

        var jwt = ServiceAccountJwt.Create(key, "https://oauth2.googleapis.com/token", Now);

        var segments = jwt.Split('.');
        Assert.Equal(3, segments.Length);
        var valid = account.Rsa.VerifyData(Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}"), Base64Url.DecodeFromChars(segments[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(valid);

        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[0])).RootElement;
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(TestServiceAccount.KeyId, header.GetProperty("kid").GetString());

        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1])).RootElement;
        Assert.Equal(TestServiceAccount.Email, claims.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", claims.GetProperty("scope").GetString());
        Assert.Equal("https://oauth2.googleapis.com/token", claims.GetProperty("aud").GetString());
        Assert.Equal(1750000000, claims.GetProperty("iat").GetInt64());
        Assert.Equal(1750003600, claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void AnotherKeyDoesNotVerifyIt()
    {
        using var account = new TestServiceAccount();
        using var other = RSA.Create(2048);

        var segments = ServiceAccountJwt.Create(ServiceAccountKey.Load(account.Path), "aud", Now).Split('.');

        Assert.False(other.VerifyData(Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}"), Base64Url.DecodeFromChars(segments[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void KeyFileWithoutAPrivateKeyIsRejected()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"client_email":"a@b.c"}""");
        try
        {
            Assert.Throws<InvalidDataException>(() => ServiceAccountKey.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
