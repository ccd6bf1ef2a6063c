namespace ModelGate.Core.Routing;

/// <summary>
/// Caps retries at a share of the requests in flight, so that when a provider fails, retries add a bounded load
/// instead of multiplying it. Moving on to another deployment is not a retry; a repeated round is. Per process.
/// </summary>
public sealed class RetryBudget
{
    private int active;
    private int retrying;

    public int Active => Volatile.Read(ref active);

    /// <summary>Counts the request as in flight until the returned scope is disposed.</summary>
    public ActiveRequest Enter()
    {
        Interlocked.Increment(ref active);
        return new ActiveRequest(this);
    }

    /// <summary>Takes a retry slot if fewer than max(minimum, ratio × active requests) retries are running.</summary>
    public bool TryStartRetry(RetrySettings settings)
    {
        while (true)
        {
            var current = Volatile.Read(ref retrying);
            var allowed = Math.Max(settings.BudgetMinimum, (int)(Volatile.Read(ref active) * settings.BudgetRatio));
            if (current >= allowed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref retrying, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void EndRetry() => Interlocked.Decrement(ref retrying);

    public readonly struct ActiveRequest(RetryBudget budget) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref budget.active);
    }
}
