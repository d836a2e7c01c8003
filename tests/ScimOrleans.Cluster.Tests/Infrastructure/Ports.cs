using System.Net;
using System.Net.Sockets;

namespace ScimOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// Free ports below 32768 (this machine's ephemeral range starts there, so an outgoing connection
/// cannot take one of ours), from a band of their own so parallel test projects rarely collide.
/// </summary>
public static class Ports
{
    private static int _next = 24000 + (Environment.ProcessId % 40 * 100);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > 31999)
            {
                Interlocked.Exchange(ref _next, 24000);
                continue;
            }

            if (IsFree(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
