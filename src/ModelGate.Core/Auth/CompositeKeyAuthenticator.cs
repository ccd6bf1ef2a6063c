namespace ModelGate.Core.Auth;

/// <summary>Asks each authenticator in turn; the first that knows the key decides.</summary>
public sealed class CompositeKeyAuthenticator(params IKeyAuthenticator[] authenticators) : IKeyAuthenticator
{
    public Principal? Authenticate(ReadOnlySpan<char> key)
    {
        foreach (var authenticator in authenticators)
        {
            if (authenticator.Authenticate(key) is { } principal)
            {
                return principal;
            }
        }

        return null;
    }
}
