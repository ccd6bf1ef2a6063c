namespace ModelGate.Core.Errors;

/// <summary>The stable <c>code</c> values of gateway errors; each is documented in docs/errors.md.</summary>
public static class ErrorCodes
{
    public const string InvalidJson = "invalid_json";
    public const string MissingRequiredParameter = "missing_required_parameter";
    public const string InvalidType = "invalid_type";
    public const string InvalidValue = "invalid_value";
    public const string MissingApiKey = "missing_api_key";
    public const string InvalidApiKey = "invalid_api_key";
    public const string ModelNotFound = "model_not_found";
    public const string UnknownUrl = "unknown_url";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RequestTooLarge = "request_too_large";
    public const string UpstreamError = "upstream_error";
    public const string UpstreamTimeout = "upstream_timeout";
    public const string UpstreamOverloaded = "upstream_overloaded";
    public const string UnsupportedParameter = "unsupported_parameter";
    public const string NoDeploymentAvailable = "no_deployment_available";
    public const string UpstreamAuthFailed = "upstream_auth_failed";
    public const string InternalError = "internal_error";
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string ContentPolicyViolation = "content_policy_violation";
    public const string RouteOverrideNotAllowed = "route_override_not_allowed";
    public const string RequestTimeout = "request_timeout";
    public const string UnknownParameter = "unknown_parameter";
    public const string AdminScopeRequired = "admin_scope_required";
    public const string RouteNotAllowed = "route_not_allowed";
    public const string KeyNotFound = "key_not_found";
    public const string TeamNotFound = "team_not_found";
    public const string TeamNameTaken = "team_name_taken";
    public const string TeamHasKeys = "team_has_keys";
    public const string KeyRevoked = "key_revoked";
    public const string RpmLimitExceeded = "rpm_limit_exceeded";
    public const string TpmLimitExceeded = "tpm_limit_exceeded";
    public const string ParallelLimitExceeded = "parallel_limit_exceeded";
    public const string BudgetExceeded = "budget_exceeded";
    public const string PriceUnknown = "price_unknown";
}

/// <summary>The <c>type</c> values, as OpenAI uses them.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string Timeout = "timeout_error";
    public const string Permission = "permission_error";
    public const string InsufficientQuota = "insufficient_quota";
}
