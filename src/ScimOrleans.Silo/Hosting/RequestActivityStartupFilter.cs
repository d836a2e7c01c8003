namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// Records every request in <see cref="RequestActivity"/>, outermost so refused requests count
/// too. Scrapes, probes and the dashboard's polling are left out: they come every few seconds
/// from monitoring and would keep an otherwise idle service from ever looking quiet.
/// </summary>
public sealed class RequestActivityStartupFilter(RequestActivity activity) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            if (TelemetryHosting.IsHousekeeping(context.Request.Path))
            {
                await inner(context);
                return;
            }

            activity.Begin();
            try
            {
                await inner(context);
            }
            finally
            {
                activity.End();
            }
        });
        next(app);
    };
}
