using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The content of a user, system or developer input message as chat <c>content</c>: a string stays a string;
/// <c>input_text</c>, <c>input_image</c> (by URL) and <c>input_file</c> (inline data) parts become chat's
/// <c>text</c>, <c>image_url</c> and <c>file</c> parts. System and developer messages take text only.
/// </summary>
internal static class InputContentParts
{
    public static void Write(Utf8JsonWriter writer, JsonFields fields, bool allowMedia)
    {
        var content = fields.Value("content");
        var path = fields.PathOf("content");
        switch (content?.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteString("content", content.Value.GetString());
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray("content");
                var i = 0;
                foreach (var part in content.Value.EnumerateArray())
                {
                    var partPath = $"{path}[{i++}]";
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        fields.Fail(GatewayErrors.InvalidType(partPath, "an object (a content part)"));
                        break;
                    }

                    var partFields = new JsonFields(part, partPath);
                    InputPart(writer, partFields, allowMedia);
                    if (partFields.Error is { } error)
                    {
                        fields.Fail(error);
                        break;
                    }
                }

                writer.WriteEndArray(); // written even after an error, so the writer stays balanced
                return;
            case null:
                fields.Fail(GatewayErrors.MissingParameter(path));
                return;
            default:
                fields.Fail(GatewayErrors.InvalidType(path, "a string or an array of content parts"));
                return;
        }
    }

    private static void InputPart(Utf8JsonWriter writer, JsonFields part, bool allowMedia)
    {
        var type = part.RequiredString("type");
        if (part.Failed)
        {
            return;
        }

        if (type != "input_text" && !allowMedia)
        {
            part.Fail(GatewayErrors.InvalidValue(part.PathOf("type"), "system and developer messages take only 'input_text' parts."));
            return;
        }

        switch (type)
        {
            case "input_text":
                var text = part.RequiredString("text");
                if (!part.Failed)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                }

                break;
            case "input_image":
                InputImage(writer, part);
                break;
            case "input_file":
                InputFile(writer, part);
                break;
            default:
                part.Fail(GatewayErrors.InvalidValue(part.PathOf("type"), "expected 'input_text', 'input_image' or 'input_file'."));
                break;
        }
    }

    private static void InputImage(Utf8JsonWriter writer, JsonFields part)
    {
        var url = part.String("image_url");
        var detail = part.String("detail");
        if (part.String("file_id") is not null && url is null)
        {
            part.Fail(ResponsesErrors.Unsupported(part.PathOf("file_id"), "uploaded files are not available; send the image as image_url (an https or data URL)."));
        }
        else if (url is null)
        {
            part.Fail(GatewayErrors.MissingParameter(part.PathOf("image_url")));
        }

        if (part.Failed)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        if (detail is "auto" or "low" or "high")
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void InputFile(Utf8JsonWriter writer, JsonFields part)
    {
        var data = part.String("file_data");
        var name = part.String("filename");
        if (data is null && !part.Failed)
        {
            var field = part.Value("file_id") is not null ? "file_id" : part.Value("file_url") is not null ? "file_url" : null;
            part.Fail(field is null
                ? GatewayErrors.MissingParameter(part.PathOf("file_data"))
                : ResponsesErrors.Unsupported(part.PathOf(field), "only inline files are carried; send the file as file_data (a base64 data URL)."));
        }

        if (part.Failed)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "file");
        writer.WriteStartObject("file");
        writer.WriteString("file_data", data);
        if (name is not null)
        {
            writer.WriteString("filename", name);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
