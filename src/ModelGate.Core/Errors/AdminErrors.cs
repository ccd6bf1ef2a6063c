namespace ModelGate.Core.Errors;

/// <summary>The errors of the admin API and of key permissions.</summary>
public static class AdminErrors
{
    public static GatewayError UnknownParameter(string param) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnknownParameter, $"Unknown parameter: '{param}'.", param);

    public static GatewayError AdminScopeRequired() =>
        new(403, ErrorTypes.Permission, ErrorCodes.AdminScopeRequired,
            "This key may not use the admin API: it needs the master key or a virtual key with scope 'admin' (or 'team_admin' for its own team).");

    public static GatewayError FullAdminRequired(string what) =>
        new(403, ErrorTypes.Permission, ErrorCodes.AdminScopeRequired,
            $"Only the master key or a key with scope 'admin' may {what}; a 'team_admin' key manages its own team's keys.");

    public static GatewayError RouteNotAllowed(string path) =>
        new(403, ErrorTypes.Permission, ErrorCodes.RouteNotAllowed, $"This key may not call {path} (it is not among the key's routes).");

    public static GatewayError KeyNotFound(string id, string? param = null) =>
        new(404, ErrorTypes.InvalidRequest, ErrorCodes.KeyNotFound, $"No virtual key with id '{id}'.", param);

    public static GatewayError TeamNotFound(string id, string? param = null) =>
        new(404, ErrorTypes.InvalidRequest, ErrorCodes.TeamNotFound, $"No team with id '{id}'.", param);

    public static GatewayError TeamNameTaken(string name) =>
        new(409, ErrorTypes.InvalidRequest, ErrorCodes.TeamNameTaken, $"A team named '{name}' already exists.", "name");

    public static GatewayError TeamHasKeys(string id) =>
        new(409, ErrorTypes.InvalidRequest, ErrorCodes.TeamHasKeys, $"Team '{id}' still has keys that are not revoked; revoke or move them first.");

    public static GatewayError KeyRevoked(string id) =>
        new(409, ErrorTypes.InvalidRequest, ErrorCodes.KeyRevoked, $"Virtual key '{id}' is revoked and cannot be changed.");
}
