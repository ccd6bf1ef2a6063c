using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>Liveness (the process answers) and readiness (a valid config is loaded and serving). No auth.</summary>
public static class HealthEndpoints
{
    public static IResult Live() => Results.Json(new HealthStatus("live", null), HealthJsonContext.Default.HealthStatus);

    public static IResult Ready(GatewayState state) =>
        Results.Json(new HealthStatus("ready", state.Current.Config.Models.Count), HealthJsonContext.Default.HealthStatus);
}

public sealed record HealthStatus(string Status, int? Models);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthStatus))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
