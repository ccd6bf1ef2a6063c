namespace ModelGate.Providers.Tests.Support;

/// <summary>
/// Tests that wait on real (short) deadlines: the provider's timeouts use CancellationTokenSource.CancelAfter,
/// not the injected TimeProvider. They run alone, after the parallel tests, so a busy machine does not skew them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "real time";
}
