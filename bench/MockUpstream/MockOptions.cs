namespace ModelGate.Bench.MockUpstream;

/// <summary>
/// How the mock streams: <c>--chunks N</c> (env <c>MOCK_CHUNKS</c>, default 20) chunk events and
/// <c>--chunk-delay-ms N</c> (env <c>MOCK_CHUNK_DELAY_MS</c>, default 0) between them.
/// </summary>
public sealed record MockOptions(int Chunks, int ChunkDelayMs)
{
    public static MockOptions From(IConfiguration configuration) => new(
        Read(configuration, "chunks", "MOCK_CHUNKS", 20, minimum: 2),
        Read(configuration, "chunk-delay-ms", "MOCK_CHUNK_DELAY_MS", 0, minimum: 0));

    private static int Read(IConfiguration configuration, string key, string env, int fallback, int minimum)
    {
        var text = configuration[key] ?? Environment.GetEnvironmentVariable(env);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"--{key} must be an integer >= {minimum}, got '{text}'");
    }
}
