using ScimOrleans.Silo.Admin;
using ScimOrleans.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddScimStorage();
builder.AddScimSilo();
builder.AddScimApi();
builder.AddAdminApi();

var app = builder.Build();
app.MapScim();
app.MapAdmin();
app.Run();

/// <summary>Visible to WebApplicationFactory in the end-to-end tests.</summary>
public partial class Program;
