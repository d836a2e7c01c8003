using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>
/// Sends BulkRequests to <c>{base}/Bulk</c>. A 429 or 503 (a rate limit, a busy or restarting
/// service) and a failed connection are retried up to <c>maxRetries</c> times, waiting what
/// <c>Retry-After</c> says or else an exponential backoff with jitter (0.5 s doubling, at most 30 s).
/// Any other non-200 answer is an <see cref="ImportFailedException"/>.
/// </summary>
public sealed class BulkClient(HttpClient http, Uri baseUrl, string? token, int maxRetries = 8,
    Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Uri _bulk = new(baseUrl.ToString().TrimEnd('/') + "/Bulk");
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    /// <summary>Called before each retry with the attempt number, the reason and the wait.</summary>
    public Action<int, string, TimeSpan>? Retrying { get; init; }

    public async Task<JsonObject> SendAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var body = request.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _bulk)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/scim+json"),
            };
            if (token is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            string reason;
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await http.SendAsync(message, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonNode.Parse(text) as JsonObject ?? throw new ImportFailedException($"The bulk response is not a JSON object: {Shorten(text)}");
                }

                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    throw new ImportFailedException($"POST {_bulk} answered {(int)response.StatusCode}: {Shorten(text)}");
                }

                reason = $"{(int)response.StatusCode}";
                retryAfter = RetryAfter(response.Headers.RetryAfter);
            }
            catch (HttpRequestException e)
            {
                reason = e.Message;
            }

            if (attempt > maxRetries)
            {
                throw new ImportFailedException($"POST {_bulk} still failing after {maxRetries} retries: {reason}");
            }

            var wait = retryAfter ?? Backoff(attempt);
            Retrying?.Invoke(attempt, reason, wait);
            await _delay(wait, cancellationToken);
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => Clamp(delta),
        { Date: { } date } => Clamp(date - DateTimeOffset.UtcNow),
        _ => null,
    };

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : wait;

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "...";
}

/// <summary>The import cannot go on: the service refused a request as a whole, or kept failing.</summary>
public sealed class ImportFailedException(string message) : Exception(message);
