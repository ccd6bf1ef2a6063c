namespace ModelGate.Core.Auth;

/// <summary>Who is calling, as the gateway knows them after authentication.</summary>
/// <param name="AllowedModels">Public model names this caller may use; null means all.</param>
public sealed record Principal(string Name, IReadOnlySet<string>? AllowedModels, bool IsMaster)
{
    public bool MayUse(string model) => AllowedModels is null || AllowedModels.Contains(model);
}
