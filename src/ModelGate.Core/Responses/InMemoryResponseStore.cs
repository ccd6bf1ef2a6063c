namespace ModelGate.Core.Responses;

/// <summary>
/// Stored responses in this process's memory, lost on restart. Bounded: past <c>responses.max_stored</c> (read
/// on every save, so a reload applies at once) the oldest responses are evicted first.
/// </summary>
public sealed class InMemoryResponseStore(Func<int> maxStored) : IResponseStore
{
    private readonly Dictionary<string, LinkedListNode<StoredResponse>> byId = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredResponse> oldestFirst = new();
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byId.Count;
            }
        }
    }

    public ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var max = maxStored();
        lock (gate)
        {
            if (byId.Remove(response.Id, out var existing))
            {
                oldestFirst.Remove(existing);
            }

            byId[response.Id] = oldestFirst.AddLast(response);
            while (byId.Count > max && oldestFirst.First is { } oldest)
            {
                oldestFirst.RemoveFirst();
                byId.Remove(oldest.Value.Id);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return ValueTask.FromResult(byId.TryGetValue(id, out var node) ? node.Value : null);
        }
    }

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!byId.Remove(id, out var node))
            {
                return ValueTask.FromResult(false);
            }

            oldestFirst.Remove(node);
            return ValueTask.FromResult(true);
        }
    }
}
