namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The ids of one response and its output items. Item ids are derived from the response id and the item's
/// position (<c>resp_X</c> → <c>msg_X_0</c>, <c>fc_X_1</c>, <c>rs_X_2</c>), so they are unique and repeatable.
/// </summary>
public sealed class ResponseIds
{
    private readonly string suffix;

    public ResponseIds(string responseId)
    {
        ResponseId = responseId;
        suffix = responseId.StartsWith("resp_", StringComparison.Ordinal) ? responseId[5..] : responseId;
    }

    public string ResponseId { get; }

    /// <summary>A new random response id, <c>resp_</c> and 32 hex digits.</summary>
    public static string NewResponseId() => "resp_" + Guid.NewGuid().ToString("N");

    public string Message(int outputIndex) => $"msg_{suffix}_{outputIndex}";

    public string FunctionCall(int outputIndex) => $"fc_{suffix}_{outputIndex}";

    public string Reasoning(int outputIndex) => $"rs_{suffix}_{outputIndex}";

    /// <summary>
    /// An id for an input item the client sent without one (listed by <c>GET /v1/responses/{id}/input_items</c>):
    /// <c>resp_X</c>'s third input message is <c>msg_X_in2</c>.
    /// </summary>
    public string InputItem(string? type, int inputIndex)
    {
        var prefix = type switch
        {
            "message" or null => "msg",
            "function_call" => "fc",
            "function_call_output" => "fco",
            "reasoning" => "rs",
            _ => "item",
        };
        return $"{prefix}_{suffix}_in{inputIndex}";
    }

    /// <summary>A <c>call_id</c> for a tool call whose provider gave none.</summary>
    public string CallId(int outputIndex) => $"call_{suffix}_{outputIndex}";
}
