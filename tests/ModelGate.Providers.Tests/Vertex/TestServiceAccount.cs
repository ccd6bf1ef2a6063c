using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ModelGate.Providers.Tests.Vertex;

/// <summary>A service-account key file with a freshly generated RSA key, deleted on dispose.</summary>
internal sealed class TestServiceAccount : IDisposable
{
    public const string Email = "gateway@my-project.iam.gserviceaccount.com";
    public const string KeyId = "0123456789abcdef";

    public TestServiceAccount()
    {
        Rsa = RSA.Create(2048);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sa-{Guid.NewGuid():N}.json");
        File.WriteAllText(Path, new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "my-project",
            ["private_key_id"] = KeyId,
            ["private_key"] = Rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = Email,
            ["client_id"] = "1234567890",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        }.ToJsonString());
    }

    public RSA Rsa { get; }

    public string Path { get; }

    public void Dispose()
    {
        File.Delete(Path);
        Rsa.Dispose();
    }
}
