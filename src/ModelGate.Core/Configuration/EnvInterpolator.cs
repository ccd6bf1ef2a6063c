using System.Text;

namespace ModelGate.Core.Configuration;

/// <summary>
/// Resolves <c>${VAR}</c> and <c>${VAR:-default}</c> in config values; <c>$$</c> stands for a literal <c>$</c>.
/// A variable that is unset or empty and has no default is an error, so a missing secret never becomes "".
/// </summary>
public sealed class EnvInterpolator(Func<string, string?> lookup)
{
    public static EnvInterpolator FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <returns>The resolved text, or null with <paramref name="error"/> set.</returns>
    public string? Resolve(string text, out string? error)
    {
        error = null;
        if (!text.Contains('$'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            if (next != '{')
            {
                result.Append(c);
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                error = $"unterminated '${{' at character {i + 1}";
                return null;
            }

            var reference = text[(i + 2)..close];
            var value = ResolveReference(reference, out error);
            if (value is null)
            {
                return null;
            }

            result.Append(value);
            i = close + 1;
        }

        return result.ToString();
    }

    private string? ResolveReference(string reference, out string? error)
    {
        error = null;
        var split = reference.IndexOf(":-", StringComparison.Ordinal);
        var name = split < 0 ? reference : reference[..split];
        if (!IsValidName(name))
        {
            error = $"'${{{reference}}}' is not a valid environment variable reference";
            return null;
        }

        var value = lookup(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (split >= 0)
        {
            return reference[(split + 2)..];
        }

        error = $"environment variable {name} is not set (write ${{{name}:-default}} to make it optional)";
        return null;
    }

    private static bool IsValidName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
