using Yarp.ReverseProxy.Configuration;

// The baseline for "one .NET proxy hop": YARP with default settings, one catch-all route to one destination.
// `--urls http://127.0.0.1:9102 --upstream http://127.0.0.1:9101`
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var upstream = builder.Configuration["upstream"] ?? Environment.GetEnvironmentVariable("YARP_UPSTREAM")
    ?? throw new ArgumentException("pass the upstream address: --upstream http://127.0.0.1:9101");

builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**catch-all}" } }],
    [new ClusterConfig
    {
        ClusterId = "upstream",
        Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream } },
    }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
