namespace ScimOrleans.Silo.Hosting;

public static class IdleMemoryHosting
{
    /// <summary>
    /// <see cref="IdleMemoryService"/> and the request tracking it reads (<c>IdleMemory__*</c>,
    /// <see cref="IdleMemoryOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddIdleMemory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdleMemoryOptions>().BindConfiguration(IdleMemoryOptions.Section)
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "IdleMemory:CheckInterval must be positive.")
            .Validate(o => o.QuietPeriod is null || o.QuietPeriod > TimeSpan.Zero, "IdleMemory:QuietPeriod must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RequestActivity>();
        builder.Services.AddTransient<IStartupFilter, RequestActivityStartupFilter>();
        builder.Services.AddSingleton<IdleMemoryService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IdleMemoryService>());
        return builder;
    }
}
