namespace ModelGate.Bench.MockUpstream;

/// <summary>
/// How the mock streams: <c>--chunks N</c> (env <c>MOCK_CHUNKS</c>, default 20) chunk events and
/// <c>--chunk-delay-ms N</c> (env <c>MOCK_CHUNK_DELAY_MS</c>, default 0) between them; and how often the flaky
/// route (<c>/flaky/v1/chat/completions</c>) fails: <c>--fail-percent N</c> (env <c>MOCK_FAIL_PERCENT</c>, default 50).
/// </summary>
public sealed record MockOptions(int Chunks, int ChunkDelayMs, int FailPercent)
{
    public static MockOptions From(IConfiguration configuration) => new(
        Read(configuration, "chunks", "MOCK_CHUNKS", 20, minimum: 2, maximum: 10_000),
        Read(configuration, "chunk-delay-ms", "MOCK_CHUNK_DELAY_MS", 0, minimum: 0, maximum: 60_000),
        Read(configuration, "fail-percent", "MOCK_FAIL_PERCENT", 50, minimum: 0, maximum: 100));

    private static int Read(IConfiguration configuration, string key, string env, int fallback, int minimum, int maximum)
    {
        var text = configuration[key] ?? Environment.GetEnvironmentVariable(env);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new ArgumentException($"--{key} must be an integer from {minimum} to {maximum}, got '{text}'");
    }
}
