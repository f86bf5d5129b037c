# syntax=docker/dockerfile:1
# The streamtrain image: the runnable jar (launcher/target/streamtrain.jar) on a Java 25 runtime, as a non-root user.
#   docker build -t streamtrain:local .
#   docker run --rm streamtrain:local run --help
# docker-compose.yml runs a broker and each service from this image.

# Build: Maven on JDK 25; the toolchains plugin finds this JDK through JAVA_HOME.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache: downloads survive between builds and never enter the image.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl launcher -am package -Dmaven.test.skip=true

# Run: a JRE 25, curl for container health checks, and the jar.
FROM eclipse-temurin:25-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 streamtrain \
    && useradd --system --uid 10001 --gid streamtrain --home-dir /var/lib/streamtrain --shell /usr/sbin/nologin streamtrain \
    && mkdir -p /var/lib/streamtrain /var/lib/streamtrain-keys \
    && chown streamtrain:streamtrain /var/lib/streamtrain /var/lib/streamtrain-keys
WORKDIR /app
COPY --from=build /src/launcher/target/streamtrain.jar /app/streamtrain.jar
# An example pipeline definition for `run` and `topics create`; mount your own and point --config at it.
COPY examples/ /app/examples/
# Kafka's clients still use sun.misc.Unsafe memory access, which JDK 25 warns about; heap follows the container's memory limit.
ENV JDK_JAVA_OPTIONS="--sun-misc-unsafe-memory-access=allow -XX:MaxRAMPercentage=75"
USER 10001:10001
# 8080: the scorer's REST API (scorer.http.port); 8081: the health endpoint and /metrics when started with --health-port 8081;
# 8090: the dashboard (dashboard.port).
EXPOSE 8080 8081 8090
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/streamtrain.jar"]
CMD ["--help"]
