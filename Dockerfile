# syntax=docker/dockerfile:1
# The Hushcall signalling service image (the Helm chart's default image):
#   docker build -t ghcr.io/hushcall/signaling-service:0.1.0 .
# Build stage: Maven builds the Spring Boot jar and extracts its layers. Runtime stage: a glibc JRE 17 (Ubuntu jammy,
# glibc 2.35), never Alpine/musl: libsignal's native library needs glibc >= 2.34.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole reactor (the parent pom names every module, so every module's pom must be there); .dockerignore
# keeps target/, node_modules/ and .git/ out. The Maven repository is a build cache, so dependencies are
# downloaded once, not on every source change.
COPY . .
# Only the service and what it depends on (-am); the tests run in CI (scripts/test), not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl signaling-service -am package \
 && mkdir /out \
 && cp signaling-service/target/signaling-service-*.jar /out/app.jar
# Spring Boot's layered jar, extracted (signaling-service/src/main/layers.xml): each layer becomes an image layer, least
# often changed first, so an image whose code changed reuses the ~42 MB of dependencies and the ~57 MB of libsignal
# instead of shipping one 98 MB jar again. application/app.jar names its libraries in its manifest (lib/…), so the
# spring-boot-loader layer, empty in this form, is not needed.
RUN java -Djarmode=tools -jar /out/app.jar extract --layers --destination /out/layers

FROM eclipse-temurin:17.0.15_6-jre-jammy
# A fixed non-root uid/gid; the Helm chart runs the pod as 10001 with a read-only root filesystem.
RUN groupadd --system --gid 10001 hushcall \
 && useradd --system --uid 10001 --gid hushcall --home-dir /app --no-create-home --shell /usr/sbin/nologin hushcall
WORKDIR /app
COPY --from=build --chown=root:root /out/layers/dependencies/ /app/
COPY --from=build --chown=root:root /out/layers/libsignal/ /app/
COPY --from=build --chown=root:root /out/layers/snapshot-dependencies/ /app/
COPY --from=build --chown=root:root /out/layers/application/ /app/
USER 10001:10001
# Container-aware heap (a share of the pod's memory limit, not the node's), die on OOM so Kubernetes restarts
# the pod instead of it limping on, and /tmp for libsignal, which unpacks its native library there
# (the chart mounts an emptyDir at /tmp because the root filesystem is read-only). Override with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.security.egd=file:/dev/./urandom"
# 8080: API, WebSocket and the /livez, /readyz probes; 9090: the actuator (health, prometheus), management.server.port.
EXPOSE 8080 9090
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
