# The Velib.Functions app on the official Azure Functions isolated-worker image (.NET 10).
#   docker build -t velib-functions .                                  # local broker, plaintext
#   docker build -t velib-functions --build-arg KAFKA_SECURITY=SaslSsl .   # Confluent Cloud / Event Hubs
# The image is amd64 only; on an arm64 machine add --platform linux/amd64.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the layer is cached while the code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Velib.Core/Velib.Core.csproj Velib.Core/
COPY Velib.Functions/Velib.Functions.csproj Velib.Functions/Directory.Packages.props Velib.Functions/
# ReadyToRun for linux-x64 (the base image's platform): the assemblies ship precompiled native code next to their IL,
# so less is JIT-compiled at start-up. Restore with the same runtime and property, for the crossgen and runtime packs.
RUN dotnet restore Velib.Functions/Velib.Functions.csproj -r linux-x64 -p:PublishReadyToRun=true

COPY Velib.Core/ Velib.Core/
COPY Velib.Functions/ Velib.Functions/
ARG KAFKA_SECURITY=Plaintext
RUN dotnet publish Velib.Functions/Velib.Functions.csproj -c Release --no-restore \
      -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -p:KafkaSecurity=${KAFKA_SECURITY} -o /app/publish

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true
COPY --from=build /app/publish /home/site/wwwroot
