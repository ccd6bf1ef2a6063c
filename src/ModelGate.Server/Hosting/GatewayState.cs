namespace ModelGate.Server.Hosting;

/// <summary>Holds the current <see cref="GatewaySnapshot"/>; reads are lock-free, a reload swaps the reference.</summary>
public sealed class GatewayState(GatewaySnapshot initial)
{
    private GatewaySnapshot current = initial;

    public GatewaySnapshot Current => Volatile.Read(ref current);

    public void Replace(GatewaySnapshot next) => Volatile.Write(ref current, next);
}
