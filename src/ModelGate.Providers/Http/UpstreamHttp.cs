using System.Collections.Concurrent;
using System.Net;

namespace ModelGate.Providers.Http;

/// <summary>
/// The pooled HTTP clients that reach providers: one <see cref="SocketsHttpHandler"/> per connect timeout,
/// shared by every provider that uses it and kept across config reloads, so connections are reused.
/// No <see cref="HttpClient.Timeout"/>: deadlines are set per phase by the caller.
/// </summary>
public sealed class UpstreamHttp : IDisposable
{
    private readonly ConcurrentDictionary<TimeSpan, HttpClient> clients = new();

    public HttpClient For(TimeSpan connectTimeout) => clients.GetOrAdd(connectTimeout, Create);

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private static HttpClient Create(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = int.MaxValue,
        };
        return new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
    }
}
