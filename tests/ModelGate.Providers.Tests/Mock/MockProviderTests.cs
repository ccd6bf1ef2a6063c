using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Mock;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Mock;

/// <summary>The mock's non-streaming answers, failures and latency.</summary>
public sealed class MockProviderTests
{
    internal const string Model = "mock-echo";

    internal static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    internal const string HelloThere = """{"model":"demo","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}""";

    internal static MockProvider Provider(MockSettings? mock = null, TimeProvider? time = null) =>
        new(TestData.Mock(mock ?? MockSettings.Default), time ?? new FakeTimeProvider(Start));

    internal static ChatCall Call(string json) => TestData.Call(json, Model);

    private static string Content(ReadOnlyMemory<byte> completion)
    {
        using var document = JsonDocument.Parse(completion);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task EchoesTheLastUserMessageAsAChatCompletion()
    {
        var outcome = await Provider().SendChatAsync(Call(HelloThere), CancellationToken.None);

        var completed = Assert.IsType<ChatCompleted>(outcome);
        const string expected = """{"id":"chatcmpl-req-123","object":"chat.completion","created":1700000000,"model":"mock-echo","choices":[{"index":0,"message":{"role":"assistant","content":"hello there","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(completed.Body.Span));
        Assert.Equal(new TokenUsage(5, 3, 8), completed.Usage);
    }

    [Fact]
    public async Task CompletionPassesTheGatewaysOwnBodyCheck()
    {
        var completed = Assert.IsType<ChatCompleted>(await Provider().SendChatAsync(Call(HelloThere), CancellationToken.None));

        var facts = OpenAiBodyInspector.Inspect(completed.Body.Span);

        Assert.Equal(new OpenAiBodyFacts(completed.Usage, IsUsageOnly: false, HasError: false), facts);
    }

    [Fact]
    public async Task EchoesTheTextPartsOfArrayContent()
    {
        const string json = """{"model":"demo","messages":[{"role":"user","content":[{"type":"text","text":"hello "},{"type":"image_url","image_url":{"url":"https://x.test/a.png"}},{"type":"text","text":"world"}]}]}""";

        var completed = Assert.IsType<ChatCompleted>(await Provider().SendChatAsync(Call(json), CancellationToken.None));

        Assert.Equal("hello world", Content(completed.Body));
    }

    [Fact]
    public async Task EchoesTheLastUserMessageNotALaterAssistantOne()
    {
        const string json = """{"model":"demo","messages":[{"role":"user","content":"first"},{"role":"assistant","content":"reply"},{"role":"user","content":"second \"quoted\" é"},{"role":"assistant","content":"prefill"}]}""";

        var completed = Assert.IsType<ChatCompleted>(await Provider().SendChatAsync(Call(json), CancellationToken.None));

        Assert.Equal("second \"quoted\" é", Content(completed.Body));
    }

    [Fact]
    public async Task SaysSoWhenTheLastUserMessageHasNoText()
    {
        const string json = """{"model":"demo","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x.test/a.png"}}]}]}""";

        var completed = Assert.IsType<ChatCompleted>(await Provider().SendChatAsync(Call(json), CancellationToken.None));

        Assert.Equal("(the last user message had no text)", Content(completed.Body));
    }

    [Fact]
    public async Task FailStatus503IsA5xxUpstreamError()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 503 }).SendChatAsync(Call(HelloThere), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(new GatewayError(502, ErrorTypes.Server, ErrorCodes.UpstreamError,
            "Provider 'mock' failed: HTTP 503: mock provider 'mock' fails with HTTP 503 as configured"), error);
    }

    [Fact]
    public async Task FailStatus429IsARateLimit()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 429 }).SendChatAsync(Call(HelloThere), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(429, error.Status);
        Assert.Equal("mock_failure", error.Code);
    }

    [Fact]
    public async Task FailStatus400IsPassedThroughAndNotRetriable()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 400 }).SendChatAsync(Call(HelloThere), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
    }

    [Fact]
    public async Task FailStatus401IsAnUpstreamAuthFailure()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 401 }).SendChatAsync(Call(HelloThere), CancellationToken.None);

        Assert.Equal(ErrorCodes.UpstreamAuthFailed, Assert.IsType<ChatFailed>(outcome).Error.Code);
    }

    [Fact]
    public async Task FailStatusFailsAStreamBeforeItStarts()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 503 }).SendChatAsync(Call(MockStreamTests.HelloThereStream), CancellationToken.None);

        Assert.Equal(502, outcome.AssertFailed(retriable: true).Status);
    }

    [Fact]
    public async Task FailAfterChunksFailsANonStreamingCallOutright()
    {
        var outcome = await Provider(MockSettings.Default with { FailStatus = 429, FailAfterChunks = 2 }).SendChatAsync(Call(HelloThere), CancellationToken.None);

        Assert.Equal(429, outcome.AssertFailed(retriable: true).Status);
    }

    [Fact]
    public async Task LatencyIsWaitedOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(Start);
        var provider = Provider(MockSettings.Default with { Latency = TimeSpan.FromSeconds(2) }, time);

        var send = provider.SendChatAsync(Call(HelloThere), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(send.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var completed = Assert.IsType<ChatCompleted>(await send.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("\"created\":1700000002,", Encoding.UTF8.GetString(completed.Body.Span));
    }

    [Fact]
    public async Task LatencyIsCancelledWithTheCall()
    {
        var time = new FakeTimeProvider(Start);
        using var cancellation = new CancellationTokenSource();
        var send = Provider(MockSettings.Default with { Latency = TimeSpan.FromSeconds(2) }, time).SendChatAsync(Call(HelloThere), cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }
}
