using System.Net.Sockets;
using System.Text;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for the one thing HttpClient hides: a client that simply goes away
/// (HttpClient drains an unread response to reuse the connection instead of closing it).
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;
    private readonly StringBuilder received = new();

    private RawHttpClient(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    public static async Task<RawHttpClient> ConnectAsync(string baseUrl)
    {
        var uri = new Uri(baseUrl);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        return new RawHttpClient(tcp);
    }

    public async Task SendPostAsync(string path, string key, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived; returns everything received so far.</summary>
    public async Task<string> ReadUntilAsync(string marker)
    {
        var buffer = new byte[4096];
        while (!received.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    public void Dispose()
    {
        tcp.Client.Close(0);
        tcp.Dispose();
    }
}
