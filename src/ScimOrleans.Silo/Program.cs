using ScimOrleans.Silo.Admin;
using ScimOrleans.Silo.Hosting;

if (await MigrateCommand.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddScimStorage();
builder.AddScimSilo();
builder.AddScimApi();
builder.AddAdminApi();
builder.AddScimTelemetry();
builder.AddScimHealthChecks();
builder.AddScimRateLimiting();
builder.AddOperatorDashboard();
builder.AddIdleMemory();

var app = builder.Build();
app.MapScim();
app.MapAdmin();
app.UseScimRateLimiting();
app.MapScimMetrics();
app.MapScimHealthChecks();
app.MapOperatorDashboard();
app.Run();

/// <summary>Visible to WebApplicationFactory in the end-to-end tests.</summary>
public partial class Program;
