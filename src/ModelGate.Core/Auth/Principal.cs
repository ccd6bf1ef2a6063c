namespace ModelGate.Core.Auth;

/// <summary>Who is calling, as the gateway knows them after authentication.</summary>
/// <param name="AllowedModels">Public model names this caller may use; null means all.</param>
/// <param name="MayOverrideRoute">The caller may steer routing per request (<c>x-modelgate-route</c>).</param>
public sealed record Principal(string Name, IReadOnlySet<string>? AllowedModels, bool IsMaster, bool MayOverrideRoute)
{
    public bool MayUse(string model) => AllowedModels is null || AllowedModels.Contains(model);
}
