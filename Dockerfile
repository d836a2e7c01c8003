# The ScimOrleans silo. One image for every silo of a cluster (docker-compose.yml runs three).
#   docker build -t scim-orleans .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ScimOrleans.Scim/ScimOrleans.Scim.csproj src/ScimOrleans.Scim/
COPY src/ScimOrleans.Abstractions/ScimOrleans.Abstractions.csproj src/ScimOrleans.Abstractions/
COPY src/ScimOrleans.Storage/ScimOrleans.Storage.csproj src/ScimOrleans.Storage/
COPY src/ScimOrleans.Grains/ScimOrleans.Grains.csproj src/ScimOrleans.Grains/
COPY src/ScimOrleans.Silo/ScimOrleans.Silo.csproj src/ScimOrleans.Silo/
RUN dotnet restore src/ScimOrleans.Silo/ScimOrleans.Silo.csproj
COPY src/ src/
RUN dotnet publish src/ScimOrleans.Silo/ScimOrleans.Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# HTTP 8080 (the image's default ASPNETCORE_HTTP_PORTS), silo-to-silo 11111, gateway 30000.
EXPOSE 8080 11111 30000
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Orleans__SiloPort=11111 \
    Orleans__GatewayPort=30000 \
    Storage__DataDirectory=/data
# Run as the image's unprivileged user; the embedded store (single-node mode) writes to /data.
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
# SIGTERM (docker stop) is a graceful shutdown: in-flight requests finish, grains deactivate and
# the silo leaves the cluster within Orleans__ShutdownTimeout (30 s by default).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "ScimOrleans.Silo.dll"]
