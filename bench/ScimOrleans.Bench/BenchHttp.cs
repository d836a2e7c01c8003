using System.Net;
using System.Net.Http.Headers;

namespace ScimOrleans.Bench;

/// <summary>The one way this tool makes clients: a pooled handler capped at N connections.</summary>
public static class BenchHttp
{
    public const string ScimMediaType = "application/scim+json";

    public static HttpClient Client(int connections, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(ScimMediaType));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The SCIM create body for one user, as the service's README shows it.</summary>
    public static string UserBody(string userName) =>
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName +
        "\",\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"},\"emails\":[{\"value\":\"" + userName +
        "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";

    /// <summary>The same body with <c>{n}</c> and <c>{run}</c> left for <see cref="UrlTemplate"/>.</summary>
    public const string UserBodyTemplate =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"c{n}.{run}@bench.test\"," +
        "\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"},\"emails\":[{\"value\":\"c{n}.{run}@bench.test\"," +
        "\"type\":\"work\",\"primary\":true}],\"active\":true}";

    public const string EchoBodyTemplate = "{\"name\":\"e{n}.{run}@bench.test\",\"value\":{n}}";
}
