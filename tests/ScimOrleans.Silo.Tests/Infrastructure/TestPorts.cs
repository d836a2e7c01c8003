using System.Net;
using System.Net.Sockets;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// Free silo and gateway ports for the real silos tests start. Ports come from below 32768,
/// because this machine's ephemeral range starts there and an outgoing connection could take one.
/// </summary>
public static class TestPorts
{
    private static int _next = 20000 + (Environment.ProcessId % 100 * 100);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > 32000)
            {
                Interlocked.Exchange(ref _next, 20000);
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
