using ModelGate.Bench.MockUpstream;

// A fast stand-in for an OpenAI-compatible upstream: `--urls http://127.0.0.1:9101 --chunks 20 --chunk-delay-ms 0`.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var chat = new ChatEndpoint(MockOptions.From(builder.Configuration));
var app = builder.Build();
app.MapPost("/v1/chat/completions", chat.HandleAsync);
app.MapGet("/health", () => "ok");
app.Run();
