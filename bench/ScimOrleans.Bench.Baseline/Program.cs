// A trivial minimal API: the benchmark compares each SCIM phase with one of these endpoints,
// measured with the same client, connections and duration in the same run.
var builder = WebApplication.CreateBuilder(args);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default));

var app = builder.Build();
var created = 0L;

app.MapGet("/ping", () => new Pong("pong", DateTimeOffset.UtcNow));
app.MapPost("/echo", (EchoRequest request) =>
{
    var id = Interlocked.Increment(ref created);
    return Results.Created($"/echo/{id}", new EchoResponse(id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Name, request.Value));
});

app.Run();

/// <summary>The answer to <c>GET /ping</c>.</summary>
public sealed record Pong(string Status, DateTimeOffset At);

/// <summary>The body of <c>POST /echo</c>.</summary>
public sealed record EchoRequest(string? Name, long Value);

/// <summary>The answer to <c>POST /echo</c>.</summary>
public sealed record EchoResponse(string Id, string? Name, long Value);

/// <summary>Source-generated JSON for the baseline's few types.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Pong))]
[System.Text.Json.Serialization.JsonSerializable(typeof(EchoRequest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(EchoResponse))]
internal sealed partial class BaselineJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
