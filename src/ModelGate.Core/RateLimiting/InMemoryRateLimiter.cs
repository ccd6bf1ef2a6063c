using System.Collections.Concurrent;

namespace ModelGate.Core.RateLimiting;

/// <summary>
/// Rate limits in this process, on a sliding window log: each admitted request is recorded with its time and tokens
/// and counts for exactly one <see cref="Window"/> after it was admitted (a request admitted at t no longer counts at
/// t + 60 s). So no 60-second span ever holds more than the limit, with no burst at a window boundary. Requests in
/// flight are a plain counter. Each subject has its own lock; a request takes its subjects' locks in one order, so an
/// acquisition across a key and its team is all-or-nothing without a global lock.
/// </summary>
public sealed class InMemoryRateLimiter(TimeProvider time) : IRateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>What <c>retry-after</c> says when only a request in flight can free a place: its end is not known.</summary>
    public static readonly TimeSpan ParallelRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    public RateLimitDecision TryAcquire(IReadOnlyList<RateLimitSubject> subjects, long tokens)
    {
        var limited = new List<(RateLimitSubject Subject, Counter Counter)>(subjects.Count);
        foreach (var subject in subjects)
        {
            if (subject.Limits.Any)
            {
                limited.Add((subject, counters.GetOrAdd(subject.Id, static _ => new Counter())));
            }
        }

        if (limited.Count == 0)
        {
            return RateLimitDecision.Unlimited;
        }

        limited.Sort((a, b) => string.CompareOrdinal(a.Subject.Id, b.Subject.Id));
        var taken = 0;
        try
        {
            for (; taken < limited.Count; taken++)
            {
                Monitor.Enter(limited[taken].Counter);
            }

            var now = time.GetUtcNow().UtcTicks;
            RateLimitRefusal? refusal = null;
            foreach (var (subject, counter) in limited)
            {
                counter.Prune(now);
                refusal ??= counter.Refusal(subject, tokens, now);
            }

            var lease = refusal is null ? Admit(limited, tokens, now) : null;
            return new RateLimitDecision(lease, refusal, Tightest(limited, RateLimitKind.Requests, now), Tightest(limited, RateLimitKind.Tokens, now));
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--)
            {
                Monitor.Exit(limited[i].Counter);
            }
        }
    }

    private static Lease Admit(List<(RateLimitSubject Subject, Counter Counter)> limited, long tokens, long now)
    {
        var held = new (Counter, Entry?)[limited.Count];
        for (var i = 0; i < limited.Count; i++)
        {
            var (subject, counter) = limited[i];
            Entry? entry = null;
            if (subject.Limits.Rpm is not null || subject.Limits.Tpm is not null)
            {
                entry = new Entry(now, tokens);
                counter.Add(entry);
            }

            counter.InFlight++;
            held[i] = (counter, entry);
        }

        return new Lease(held);
    }

    private static RateLimitState? Tightest(List<(RateLimitSubject Subject, Counter Counter)> limited, RateLimitKind kind, long now)
    {
        RateLimitState? tightest = null;
        foreach (var (subject, counter) in limited)
        {
            var limit = kind == RateLimitKind.Requests ? subject.Limits.Rpm : subject.Limits.Tpm;
            if (limit is not { } n)
            {
                continue;
            }

            var used = kind == RateLimitKind.Requests ? counter.Log.Count : counter.Tokens;
            var reset = counter.Log.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(counter.Newest!.At + Window.Ticks - now);
            var state = new RateLimitState(n, Math.Max(0, n - used), reset);
            if (tightest is not { } t || state.Remaining < t.Remaining || (state.Remaining == t.Remaining && state.Limit < t.Limit))
            {
                tightest = state;
            }
        }

        return tightest;
    }

    private sealed class Entry(long at, long tokens)
    {
        public long At { get; } = at;

        public long Tokens { get; set; } = tokens;

        /// <summary>Left the window: a late settlement no longer changes the count.</summary>
        public bool Expired { get; set; }
    }

    /// <summary>One subject's window (guarded by locking the counter itself).</summary>
    private sealed class Counter
    {
        public Queue<Entry> Log { get; } = new();

        public Entry? Newest { get; private set; }

        public long Tokens { get; set; }

        public int InFlight { get; set; }

        public void Prune(long now)
        {
            while (Log.TryPeek(out var oldest) && oldest.At + Window.Ticks <= now)
            {
                Log.Dequeue();
                Tokens -= oldest.Tokens;
                oldest.Expired = true;
            }

            if (Log.Count == 0)
            {
                Newest = null;
            }
        }

        public RateLimitRefusal? Refusal(RateLimitSubject subject, long tokens, long now)
        {
            var limits = subject.Limits;
            if (limits.MaxParallel is { } parallel && InFlight >= parallel)
            {
                return new RateLimitRefusal(subject, RateLimitKind.Parallel, parallel, ParallelRetryAfter);
            }

            if (limits.Rpm is { } rpm && Log.Count >= rpm)
            {
                // The request fits once all but rpm - 1 of those counted now have left the window.
                var entry = Log.ElementAt(Log.Count - rpm);
                return new RateLimitRefusal(subject, RateLimitKind.Requests, rpm, Until(entry, now));
            }

            if (limits.Tpm is { } tpm && Tokens + tokens > tpm)
            {
                if (tokens > tpm)
                {
                    return new RateLimitRefusal(subject, RateLimitKind.Tokens, tpm, Window, tokens);
                }

                var left = Tokens;
                foreach (var entry in Log)
                {
                    left -= entry.Tokens;
                    if (left + tokens <= tpm)
                    {
                        return new RateLimitRefusal(subject, RateLimitKind.Tokens, tpm, Until(entry, now), tokens);
                    }
                }

                return new RateLimitRefusal(subject, RateLimitKind.Tokens, tpm, Window, tokens);
            }

            return null;
        }

        public void Add(Entry entry)
        {
            Log.Enqueue(entry);
            Tokens += entry.Tokens;
            Newest = entry;
        }

        private static TimeSpan Until(Entry entry, long now) => TimeSpan.FromTicks(Math.Max(0, entry.At + Window.Ticks - now));
    }

    private sealed class Lease((Counter Counter, Entry? Entry)[] held) : IRateLimitLease
    {
        private int released;

        public void Release(long? tokens)
        {
            if (Interlocked.Exchange(ref released, 1) != 0)
            {
                return;
            }

            foreach (var (counter, entry) in held)
            {
                lock (counter)
                {
                    counter.InFlight--;
                    if (entry is not null && tokens is { } used && !entry.Expired)
                    {
                        counter.Tokens += used - entry.Tokens;
                        entry.Tokens = used;
                    }
                }
            }
        }
    }
}
