using System.Net;
using System.Net.Sockets;

namespace ScimOrleans.Testing;

/// <summary>
/// Free ports for the silos, gateways and HTTP endpoints tests start. Ports come from below 32768
/// (this machine's ephemeral range starts there, so an outgoing connection cannot take one of
/// ours); each test process starts at its own place in the band, so parallel test projects rarely collide.
/// </summary>
public static class TestPorts
{
    private const int First = 20000;
    private const int Last = 31999;

    private static int _next = First + (Environment.ProcessId % 120 * 100);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > Last)
            {
                Interlocked.Exchange(ref _next, First);
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
