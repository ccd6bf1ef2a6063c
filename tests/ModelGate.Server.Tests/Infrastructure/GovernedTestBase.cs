using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>A gateway and fake upstream, with keys and teams made through the admin API and requests sent with them.</summary>
public abstract class GovernedTestBase : UpstreamTestBase
{
    protected async Task<string> CreateKeyAsync(object body) => (await CreateKeyWithIdAsync(body)).Key;

    protected async Task<(string Key, string Id)> CreateKeyWithIdAsync(object body)
    {
        using var response = await Admin(HttpMethod.Post, "admin/keys", body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return (json["key"]!.GetValue<string>(), json["id"]!.GetValue<string>());
    }

    protected async Task<string> CreateTeamAsync(object body)
    {
        using var response = await Admin(HttpMethod.Post, "admin/teams", body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return json["id"]!.GetValue<string>();
    }

    protected Task<HttpResponseMessage> Admin(HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.MasterKey);
        return Gateway.Http.SendAsync(request);
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(
        string key, string model = "demo", string path = "v1/chat/completions", string? body = null, CancellationToken cancellation = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ChatBodies.Json(body ?? ChatBodies.Simple(model)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await Gateway.Http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        return (response, text.Length == 0 || text.StartsWith("data:", StringComparison.Ordinal) ? default : JsonDocument.Parse(text).RootElement);
    }

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    protected static Task WaitUntil(Func<bool> condition) => WaitUntil(() => Task.FromResult(condition()));

    protected static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !await condition(); await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
        }
    }
}
