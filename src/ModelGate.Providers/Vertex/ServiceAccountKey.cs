using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// The fields of a Google service-account JSON key file that the JWT bearer grant needs
/// (developers.google.com/identity/protocols/oauth2/service-account). Other fields are ignored.
/// </summary>
public sealed class ServiceAccountKey
{
    [JsonPropertyName("client_email")] public string ClientEmail { get; set; } = "";

    /// <summary>The RSA private key, PEM-encoded (PKCS#8).</summary>
    [JsonPropertyName("private_key")] public string PrivateKey { get; set; } = "";

    [JsonPropertyName("private_key_id")] public string? PrivateKeyId { get; set; }
    [JsonPropertyName("token_uri")] public string? TokenUri { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Reads and checks the key file; throws <see cref="InvalidDataException"/> or an I/O exception saying what is wrong.</summary>
    public static ServiceAccountKey Load(string path)
    {
        ServiceAccountKey? key;
        try
        {
            // Tolerate a UTF-8 byte order mark, which editors on Windows add.
            var json = File.ReadAllBytes(path).AsSpan();
            json = json.StartsWith("\uFEFF"u8) ? json[3..] : json;
            key = JsonSerializer.Deserialize(json, VertexWireContext.Default.ServiceAccountKey);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a service-account JSON key: {e.Message}", e);
        }

        if (key is null || key.ClientEmail.Length == 0 || key.PrivateKey.Length == 0)
        {
            throw new InvalidDataException($"'{path}' has no client_email or private_key");
        }

        return key;
    }
}

/// <summary>The token endpoint's answer: <c>{"access_token":"…","expires_in":3599,"token_type":"Bearer"}</c>.</summary>
public sealed class TokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }

    /// <summary>Set on failures, as OAuth 2.0 (RFC 6749 §5.2) defines: <c>invalid_grant</c> and the like.</summary>
    [JsonPropertyName("error")] public string? Error { get; set; }

    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSerializable(typeof(ServiceAccountKey))]
[JsonSerializable(typeof(TokenResponse))]
public sealed partial class VertexWireContext : JsonSerializerContext;
