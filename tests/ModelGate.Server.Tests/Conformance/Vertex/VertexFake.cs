using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Conformance.Gemini;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Vertex;

/// <summary>
/// Vertex AI: the Gemini wire format at
/// <c>/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent</c>, authorised
/// by a bearer token that the gateway obtains from Google's OAuth token endpoint with a service-account JWT
/// (developers.google.com/identity/protocols/oauth2/service-account). The fake answers that endpoint too, at
/// <c>/token</c>, for the service-account key file it wrote.
/// </summary>
public sealed class VertexFake : GeminiWireFake, IDisposable
{
    private const string AccessToken = "ya29.conformance";

    private readonly RSA key = RSA.Create(2048);
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"vertex-conformance-{Guid.NewGuid():N}.json");

    public VertexFake() => File.WriteAllText(keyFile, new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "conf-project",
        ["private_key_id"] = "conf-key-1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = "gateway@conf-project.iam.gserviceaccount.com",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    }.ToJsonString());

    protected override string ModelPath => $"/v1/projects/conf-project/locations/us-central1/publishers/google/models/{UpstreamModel}";

    public override string ProviderYaml(string root) =>
        $"type: vertex\nbase_url: {root}\nproject: conf-project\nlocation: us-central1\ncredentials_file: {keyFile}\ntoken_url: {root}/token";

    public override Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteTextAsync(context, text, usage);

    public override Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteTextStreamAsync(context, pieces, usage);

    public override Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteToolCallAsync(context, callId, name, argumentsJson);

    public override Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteToolCallStreamAsync(context, callId, name, argumentPieces);

    public override Task WriteRateLimitAsync(HttpContext context, string message) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteRateLimitAsync(context, message);

    public override Task WriteBadRequestAsync(HttpContext context, string message) =>
        IsTokenRequest(context) ? WriteTokenAsync(context) : base.WriteBadRequestAsync(context, message);

    protected override void AssertAuthorised(RecordedRequest request) =>
        Assert.Equal($"Bearer {AccessToken}", request.Headers["authorization"]);

    public void Dispose()
    {
        File.Delete(keyFile);
        key.Dispose();
    }

    private static bool IsTokenRequest(HttpContext context) => context.Request.Path == "/token";

    /// <summary>
    /// The OAuth token endpoint. The recording upstream has already read the form, so the assertion itself is
    /// checked in ModelGate.Providers.Tests (ServiceAccountJwtTests); here the grant's form type is required.
    /// </summary>
    private static Task WriteTokenAsync(HttpContext context) =>
        context.Request.ContentType == "application/x-www-form-urlencoded"
            ? OpenAiWire.WriteJsonAsync(context, 200, $$"""{"access_token":"{{AccessToken}}","expires_in":3599,"token_type":"Bearer"}""")
            : OpenAiWire.WriteJsonAsync(context, 400, """{"error":"invalid_request","error_description":"Expected a form."}""");
}

public sealed class VertexConformanceTests : ProviderConformanceTests, IDisposable
{
    private readonly VertexFake fake = new();

    protected override IProviderFake Fake => fake;

    protected override bool StreamsToolArguments => false;

    public void Dispose() => fake.Dispose();
}
