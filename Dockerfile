# EdgeCdn in one image: the edgecdn CLI with both hosts beside it (the CLI publishes them with itself).
#   docker build -t edgecdn .
#   docker run --rm -p 9000:9000 -p 8080-8081:8080-8081 -p 8443-8444:8443-8444 -v edgecdn:/data edgecdn
#       → `edgecdn up`: the origin and two edges, data (objects, keys, certificates) in the /data volume
#   docker run --rm -p 9000:9000 -v edgecdn:/data --entrypoint dotnet edgecdn /app/EdgeCdn.Origin.Host.dll \
#       --urls http://0.0.0.0:9000 --data-dir /data/origin                           → the origin alone
#   docker run --rm -p 80:8080 -p 443:8443 -v edge:/data -v $PWD/config:/config --entrypoint dotnet edgecdn \
#       /app/EdgeCdn.Edge.Host.dll --urls "http://0.0.0.0:8080;https://0.0.0.0:8443" --config /config/edge.json

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig EdgeCdn.sln ./
COPY src/ src/
RUN dotnet publish src/EdgeCdn.Cli/EdgeCdn.Cli.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --system --gid 10001 edgecdn \
 && useradd --system --uid 10001 --gid edgecdn --home-dir /data --shell /usr/sbin/nologin edgecdn \
 && mkdir -p /data /config && chown edgecdn:edgecdn /data
WORKDIR /data
COPY --from=build /app /app
COPY config/ /config/
USER edgecdn:edgecdn
ENV EDGECDN_DATA_DIR=/data DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
VOLUME ["/data"]
EXPOSE 9000 8080 8081 8443 8444
ENTRYPOINT ["dotnet", "/app/edgecdn.dll"]
CMD ["up", "--listen", "0.0.0.0"]
