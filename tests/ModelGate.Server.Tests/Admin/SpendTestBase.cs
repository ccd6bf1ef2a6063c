using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Admin;

/// <summary>
/// Mock models with prices, so every request has an exact cost. A chat saying "Hello" uses 2 prompt and 2 completion
/// tokens (the mock counts four characters a token and echoes the message): $0.006 on <c>demo</c>, $0.016 on
/// <c>other</c>; <c>unpriced</c> has no price.
/// </summary>
public abstract class SpendTestBase : AdminTestBase
{
    protected const decimal DemoCost = 0.006m;
    protected const decimal OtherCost = 0.016m;

    protected override string Config => """
        providers:
          demo: { type: mock }
        budgets:
          alert_thresholds: [80]
        models:
          demo:
            deployments: [{ provider: demo, model: echo, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }]
          other:
            deployments: [{ provider: demo, model: other, price: { input_per_mtok: 3000, output_per_mtok: 5000 } }]
          unpriced:
            deployments: [{ provider: demo, model: mystery }]
        """;

    protected static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Chats that must succeed.</summary>
    protected async Task ChatOkAsync(string key, string model = "demo", int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ChatAsync(key, model)).Status);
        }
    }

    /// <summary>A chat echoing <paramref name="text"/> with <c>max_tokens: 1</c>, so its budget reservation is far below its cost.</summary>
    protected async Task<HttpStatusCode> ChatTextAsync(string key, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = ChatBodies.Json(new JsonObject
            {
                ["model"] = "demo",
                ["max_tokens"] = 1,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
            }.ToJsonString()),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Gateway.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary><c>GET /admin/spend</c> (every row) once <paramref name="requests"/> requests are in the ledger.</summary>
    protected async Task<JsonNode> SpendAfterAsync(long requests)
    {
        var spend = await EventuallyAsync(async () => (await GetAsync("/admin/spend?limit=1000")).Body, body => Requests(body) >= requests);
        Assert.Equal(requests, Requests(spend));
        return spend;
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds, or 10 s pass, and returns the last read: a request is billed, and its
    /// alerts written, just after its answer is sent, so the client may read the answer first.
    /// </summary>
    protected static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    protected static JsonObject Row(JsonNode list, string group) =>
        list["data"]!.AsArray().Single(row => row!["group"]!.GetValue<string>() == group)!.AsObject();

    protected static List<string> Groups(JsonNode list) => [.. list["data"]!.AsArray().Select(row => row!["group"]!.GetValue<string>())];

    protected static decimal Usd(JsonNode? node) => node!.GetValue<decimal>();

    private static long Requests(JsonNode list) => list["data"]!.AsArray().Sum(row => row!["requests"]!.GetValue<long>());
}
