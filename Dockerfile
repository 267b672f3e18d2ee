# EdgeCdn: one image, three entry points (origin, edge, CLI). Build: docker build -t edgecdn .
# Run the origin:  docker run -p 9000:9000 -v edgecdn-data:/data edgecdn origin
# Run an edge:     docker run -p 8080:8080 -p 8443:8443 -v edgecdn-edge:/data edgecdn edge --config /config/edge.json

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig EdgeCdn.sln ./
COPY src/ src/
RUN dotnet publish src/EdgeCdn.Cli/EdgeCdn.Cli.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --system --gid 10001 edgecdn \
 && useradd --system --uid 10001 --gid edgecdn --home-dir /data --shell /usr/sbin/nologin edgecdn \
 && mkdir -p /data /config && chown edgecdn:edgecdn /data
WORKDIR /app
COPY --from=build /app ./
COPY config/ /config/
USER edgecdn:edgecdn
ENV EDGECDN_DATA_DIR=/data DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]
ENTRYPOINT ["dotnet", "/app/edgecdn.dll"]
CMD ["--help"]
