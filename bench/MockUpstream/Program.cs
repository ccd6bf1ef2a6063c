using ModelGate.Bench.MockUpstream;

// A fast stand-in for an OpenAI-compatible upstream: `--urls http://127.0.0.1:9101 --chunks 20 --chunk-delay-ms 0`;
// /flaky/v1 is the same upstream failing `--fail-percent` % of requests, for the routing benchmark.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var chat = new ChatEndpoint(MockOptions.From(builder.Configuration));
var app = builder.Build();
app.MapPost("/v1/chat/completions", chat.HandleAsync);
app.MapPost("/flaky/v1/chat/completions", chat.HandleFlakyAsync);
app.MapGet("/health", () => "ok");
app.MapGet("/stats", chat.Stats);
app.Run();
