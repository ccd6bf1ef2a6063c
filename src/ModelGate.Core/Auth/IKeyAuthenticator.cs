namespace ModelGate.Core.Auth;

/// <summary>Turns a presented API key into a principal; null when the key is not known.</summary>
public interface IKeyAuthenticator
{
    Principal? Authenticate(ReadOnlySpan<char> key);
}
