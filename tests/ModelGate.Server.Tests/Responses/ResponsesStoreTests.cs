using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.OpenAi;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Responses;

namespace ModelGate.Server.Tests.Responses;

#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental

/// <summary>Stored responses: read back, their input items listed, deleted, continued, and kept from other keys.</summary>
public sealed class ResponsesStoreTests : IAsyncLifetime
{
    private static readonly ConformanceUsage Usage = new(Input: 11, Output: 4);
    private readonly OpenAiFake fake = new();
    private ResponsesGateway gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await ResponsesGateway.StartAsync(fake);
        gateway.Upstream.Handler = (context, _) => fake.WriteTextAsync(context, "Stored answer", Usage);
    }

    public Task DisposeAsync() => gateway.DisposeAsync().AsTask();

    private HttpClient Http => gateway.Gateway.Http;

    [Fact]
    public async Task Stored_response_is_read_back_its_input_listed_and_deleted()
    {
        var client = gateway.Client();
        ResponseResult created = await client.CreateResponseAsync(ResponsesGateway.Model,
            [ResponseItem.CreateUserMessageItem("first"), ResponseItem.CreateUserMessageItem("second"), ResponseItem.CreateUserMessageItem("third")]);

        ResponseResult read = await client.GetResponseAsync(created.Id);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal("Stored answer", read.GetOutputText());

        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(created.Id))
        {
            items.Add(item);
        }

        // Newest first by default, as OpenAI lists them.
        Assert.Equal(["third", "second", "first"], items.Select(item => ((MessageResponseItem)item).Content[0].Text));
        Assert.All(items, item => Assert.False(string.IsNullOrEmpty(item.Id)));

        using var page = await Http.GetFromJsonAsync<JsonDocument>($"v1/responses/{created.Id}/input_items?order=asc&limit=2");
        var root = page!.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.Equal(2, root.GetProperty("data").GetArrayLength());
        Assert.True(root.GetProperty("has_more").GetBoolean());
        Assert.Equal("input_text", root.GetProperty("data")[0].GetProperty("content")[0].GetProperty("type").GetString());
        var lastId = root.GetProperty("last_id").GetString();
        Assert.Equal(root.GetProperty("data")[1].GetProperty("id").GetString(), lastId);

        using var rest = await Http.GetFromJsonAsync<JsonDocument>($"v1/responses/{created.Id}/input_items?order=asc&after={lastId}");
        Assert.False(rest!.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal("third", rest.RootElement.GetProperty("data")[0].GetProperty("content")[0].GetProperty("text").GetString());

        using var deleted = await Http.DeleteAsync($"v1/responses/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var deletion = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync());
        Assert.Equal(created.Id, deletion.RootElement.GetProperty("id").GetString());
        Assert.Equal("response", deletion.RootElement.GetProperty("object").GetString());
        Assert.True(deletion.RootElement.GetProperty("deleted").GetBoolean());

        await AssertNotFoundAsync(Http.GetAsync($"v1/responses/{created.Id}"), "response_not_found", $"Response with id '{created.Id}' not found.");
        await AssertNotFoundAsync(Http.DeleteAsync($"v1/responses/{created.Id}"), "response_not_found");
    }

    [Fact]
    public async Task Sdk_deletes_a_stored_response()
    {
        var client = gateway.Client();
        ResponseResult created = await client.CreateResponseAsync(ResponsesGateway.Model, "keep me");

        var deletion = await client.DeleteResponseAsync(created.Id);

        Assert.True(deletion.Value.Deleted);
        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));
        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task Another_key_cannot_read_list_delete_or_continue_a_stored_response()
    {
        ResponseResult created = await gateway.Client().CreateResponseAsync(ResponsesGateway.Model, "private");
        using var other = new HttpClient { BaseAddress = Http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ResponsesGateway.OtherKey);

        await AssertNotFoundAsync(other.GetAsync($"v1/responses/{created.Id}"), "response_not_found");
        await AssertNotFoundAsync(other.GetAsync($"v1/responses/{created.Id}/input_items"), "response_not_found");
        await AssertNotFoundAsync(other.DeleteAsync($"v1/responses/{created.Id}"), "response_not_found");
        await AssertNotFoundAsync(other.PostAsync("v1/responses", Json(new { model = ResponsesGateway.Model, input = "go on", previous_response_id = created.Id })),
            "previous_response_not_found");

        // The owner's own responses stay visible to the master key as well.
        ResponseResult own = await gateway.Client(ResponsesGateway.OtherKey).CreateResponseAsync(ResponsesGateway.Model, "mine");
        Assert.Equal(own.Id, (await other.GetFromJsonAsync<JsonElement>($"v1/responses/{own.Id}")).GetProperty("id").GetString());
        Assert.Equal(own.Id, (await Http.GetFromJsonAsync<JsonElement>($"v1/responses/{own.Id}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Store_false_keeps_nothing()
    {
        using var created = await Http.PostAsync("v1/responses", Json(new { model = ResponsesGateway.Model, input = "forget me", store = false }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await AssertNotFoundAsync(Http.GetAsync($"v1/responses/{id}"), "response_not_found");
    }

    [Fact]
    public async Task Unknown_previous_response_id_is_a_404()
    {
        using var response = await Http.PostAsync("v1/responses", Json(new { model = ResponsesGateway.Model, input = "hi", previous_response_id = "resp_missing" }));

        var error = await AssertNotFoundAsync(Task.FromResult(response), "previous_response_not_found", "Previous response with id 'resp_missing' not found.");
        Assert.Equal("previous_response_id", error.GetProperty("param").GetString());
        Assert.Empty(gateway.Upstream.Requests);
    }

    [Fact]
    public async Task Cancel_is_refused_for_a_response_that_was_not_in_the_background()
    {
        ResponseResult created = await gateway.Client().CreateResponseAsync(ResponsesGateway.Model, "done already");

        using var cancel = await Http.PostAsync($"v1/responses/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.BadRequest, cancel.StatusCode);
        Assert.Equal("response_not_cancellable", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());

        await AssertNotFoundAsync(Http.PostAsync("v1/responses/resp_missing/cancel", null), "response_not_found");
    }

    [Theory]
    [InlineData("?stream=true", "stream")]
    public async Task Get_with_stream_is_refused(string query, string param)
    {
        ResponseResult created = await gateway.Client().CreateResponseAsync(ResponsesGateway.Model, "whole");

        using var response = await Http.GetAsync($"v1/responses/{created.Id}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("order=sideways", "order")]
    public async Task Bad_list_parameters_are_named(string query, string param)
    {
        ResponseResult created = await gateway.Client().CreateResponseAsync(ResponsesGateway.Model, "list me");

        using var response = await Http.GetAsync($"v1/responses/{created.Id}/input_items?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("""{"model":"conv","input":5}""", "invalid_type", "input")]
    [InlineData("""{"input":"hi"}""", "missing_required_parameter", "model")]
    [InlineData("""{"model":"conv","input":"hi","tools":[{"type":"web_search"}]}""", "unsupported_parameter", "tools[0].type")]
    [InlineData("""{"model":"conv","input":"hi","background":true}""", "unsupported_parameter", "background")]
    public async Task Bad_requests_are_400s_naming_the_field(string body, string code, string param)
    {
        using var response = await Http.PostAsync("v1/responses", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(gateway.Upstream.Requests);
    }

    [Fact]
    public async Task Unknown_model_is_a_404_and_unknown_key_a_401()
    {
        using var model = await Http.PostAsync("v1/responses", Json(new { model = "nope", input = "hi" }));
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        using var unauthorised = await anonymous.GetAsync("v1/responses/resp_x");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }

    internal static StringContent Json(object body) => new(JsonSerializer.Serialize(body), MediaTypeHeaderValue.Parse("application/json"));

    private static async Task<JsonElement> AssertNotFoundAsync(Task<HttpResponseMessage> call, string code, string? message = null)
    {
        using var response = await call;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (message is not null)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }

        return error;
    }
}
