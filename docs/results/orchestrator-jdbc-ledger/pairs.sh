#!/bin/bash
# Paired orchestrator runs on H2, 1,000 trials, each after a 3,000-trial warm-up study, one build at a time:
#   before  fff0b46  (the bench's warm-up; the orchestrator as it was)
#   ledger  5c9658d  (one transaction per batch, JDBC batches for trials, reports and facts)
#   async   e64a5ba  (also: events announced once stored, tasks sent without waiting for the broker's ack)
# Builds: `git worktree add /tmp/ob/wt COMMIT && (cd /tmp/ob/wt && mvn -o -q package -DskipTests)`, then
# copy target/quarkus-app to /tmp/ob/<build>. Usage: pairs.sh OUT REPS BUILD...   (order rotates per repetition)
out_root=$1; reps=$2; shift 2; builds=("$@")
rm -rf "$out_root"; mkdir -p "$out_root"
for conc in 100 1000; do
for rep in $(seq 1 "$reps"); do
  n=${#builds[@]}
  for i in $(seq 0 $((n - 1))); do
    build=${builds[$(( (i + rep) % n ))]}
    out=$out_root/$build-c$conc-r$rep
    mkdir -p "$out"
    rm -rf /tmp/ob/data
    timeout 600 java -Dmilotune.data-dir=/tmp/ob/data -Dquarkus.http.port=18130 -jar /tmp/ob/$build/quarkus-run.jar bench \
      --experiment orchestrator --trials 1000 --concurrency $conc --out "$out" > "$out/log.txt" 2>&1
    echo "$build c$conc r$rep rc=$? $(grep '^Orchestrator on' "$out/log.txt")"
  done
done
done
echo ALLDONE
