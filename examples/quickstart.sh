#!/usr/bin/env bash
# The main job on embedded defaults: builds the artifact when the sources are newer, starts
# milotune (real Kafka broker in-process, H2 file database, orchestrator + local workers, all under
# ./.milotune), waits for readiness and prints where everything is. Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building milotune (mvn package)..."
  mvn -q -B -DskipTests package
fi

port="${MILOTUNE_HTTP_PORT:-8080}"
java -Dquarkus.http.port="$port" -jar "$jar" "$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' INT TERM EXIT

start=$(date +%s)
until curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "milotune exited before it became ready" >&2
    exit 1
  fi
  if [ $(( $(date +%s) - start )) -gt 120 ]; then
    echo "milotune did not become ready within 120 s" >&2
    exit 1
  fi
  sleep 1
done

echo
echo "milotune is ready after $(( $(date +%s) - start )) s:"
curl -fs "http://localhost:$port/api/v1/system"
echo
echo "  Web page:  http://localhost:$port/"
echo "  API docs:  http://localhost:$port/q/swagger-ui"
echo "  Health:    http://localhost:$port/q/health"
echo "  Metrics:   http://localhost:$port/q/metrics"
echo "Press Ctrl-C to stop."
wait "$pid"
