# ChatGPT-on-WeChat for Java in a container.
#   docker compose up -d, then open http://127.0.0.1:9899/qr and scan (or: docker compose logs -f, the QR code is in the log)
# The web console listens on port 9899 on all of the container's addresses; it needs a password (COW_CONSOLE_PASSWORD),
# or the first visitor sets one through the one-time setup link in the log.
# The config file goes to /app/config.yaml (as with the original bot) or everything comes from environment
# variables (OPENAI_API_KEY, CHATGPT_TRIGGER_KEYWORD, ...); everything the bot keeps is in the volume /app/data.

# --- build: the shaded jar, with the same Maven command as ./cow ---
# Plain instructions only (no RUN --mount, no heredocs), so both the classic builder (Debian's docker.io,
# DOCKER_BUILDKIT=0) and BuildKit build it. The sources carry no .git: GIT_COMMIT names the commit for --version.
FROM maven:3.9-eclipse-temurin-17 AS build
ARG GIT_COMMIT=""
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dmaven.test.skip=true -DskipPrepare=true -Dcow.commit="${GIT_COMMIT:-none}" package -pl app -am \
    && cp app/target/cow.jar /tmp/cow.jar

# --- runtime: a JRE only, a user without privileges ---
FROM eclipse-temurin:17-jre-jammy AS runtime
RUN groupadd --system --gid 10001 cow \
    && useradd --system --uid 10001 --gid cow --home-dir /app/data --no-create-home --shell /usr/sbin/nologin cow \
    && mkdir -p /app/data \
    && chown cow:cow /app/data \
    && chmod 700 /app/data
WORKDIR /app
COPY --from=build /tmp/cow.jar /app/cow.jar
COPY deploy/jvm.options /app/jvm.options
ENV COW_DATA_DIR=/app/data \
    COW_CONSOLE_HOST=0.0.0.0 \
    COW_CONSOLE_PORT=9899 \
    COW_JAVA_OPTS=""
VOLUME ["/app/data"]
EXPOSE 9899
USER cow:cow
# The bot has no network endpoint to probe: while it runs it rewrites <data>/heartbeat every 30 seconds, so a
# heartbeat older than two minutes means the process is stuck (or not the bot). Its first word says whether the bot
# does its work ("ok"), or why not ("unhealthy <time>: <why>", shown by docker inspect).
HEALTHCHECK --interval=60s --timeout=5s --start-period=60s --retries=3 \
    CMD ["sh", "-c", "f=\"${COW_DATA_DIR:-/app/data}/heartbeat\"; if [ -z \"$(find \"$f\" -mmin -2 2>/dev/null)\" ]; then echo 'no fresh heartbeat: the bot is not running, or stuck'; exit 1; fi; head -n 1 \"$f\"; head -n 1 \"$f\" | grep -q '^ok '"]
# The JVM options of every launcher, then COW_JAVA_OPTS (e.g. -Xmx512m), which wins; exec, so java is PID 1 and
# gets the stop signal.
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options $COW_JAVA_OPTS -jar /app/cow.jar \"$@\"", "cow"]
CMD ["run"]
