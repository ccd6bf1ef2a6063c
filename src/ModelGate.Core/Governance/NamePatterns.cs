namespace ModelGate.Core.Governance;

/// <summary>
/// A list of names where <c>*</c> stands for any run of characters (<c>gpt-*</c>, <c>*</c>, <c>/v1/responses*</c>).
/// Names without <c>*</c> are found in a set; only the patterns are tried one by one. Comparison is ordinal.
/// </summary>
public sealed class NamePatterns
{
    private readonly HashSet<string> exact = new(StringComparer.Ordinal);
    private readonly string[] wildcards;

    public NamePatterns(IEnumerable<string> patterns)
    {
        var globs = new List<string>();
        foreach (var pattern in patterns)
        {
            if (pattern.Contains('*', StringComparison.Ordinal))
            {
                globs.Add(pattern);
            }
            else
            {
                exact.Add(pattern);
            }
        }

        wildcards = [.. globs];
    }

    /// <summary>Allows nothing: the rule of a key whose team no longer exists.</summary>
    public static readonly NamePatterns Nothing = new([]);

    public bool Matches(string name)
    {
        if (exact.Contains(name))
        {
            return true;
        }

        foreach (var pattern in wildcards)
        {
            if (Glob(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches <c>*</c> greedily with one remembered backtrack point: linear in practice, no regex.</summary>
    public static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
