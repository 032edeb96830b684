#!/usr/bin/env bash
# The main job on embedded defaults: builds the artifact when the sources are newer, then runs a
# real example study end to end in one process: a real Kafka broker in-process, an H2 file
# database, the orchestrator and local workers, all under ./.milotune. It fetches Fashion-MNIST if
# missing (pinned Debian package, sha256-checked), computes (or reuses) the MILO plan, tunes with
# TPE + ASHA on MILO subsets, retrains the best configuration on full data, prints the leaderboard,
# and keeps serving the API and web page until Ctrl-C. Both need an API token: the admin token is
# in .milotune/admin-token (open http://localhost:8080/#token=<its content>, or paste it into the
# page's token box; docs/security.md).
#
#   examples/quickstart.sh                         the quick study (a few minutes on 2 cores)
#   examples/quickstart.sh examples/studies/X.json another study spec
#   examples/quickstart.sh SPEC --exit             exit when the study ends
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building milotune (mvn package)..."
  mvn -q -B -DskipTests package
fi

spec="${1:-examples/studies/quick-fashion-mnist.json}"
shift || true
exec java -Dquarkus.http.port="${MILOTUNE_HTTP_PORT:-8080}" -jar "$jar" run "$spec" "$@"
