namespace ModelGate.OpenApi;

/// <summary>OpenAI's published document lives in a <c>shared/specs</c> folder beside (or above) the repository.</summary>
public static class SpecLocator
{
    public const string FileName = "openai-openapi.yaml";

    /// <summary>The nearest <c>shared/specs/openai-openapi.yaml</c> at or above <paramref name="start"/>; null when there is none.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
