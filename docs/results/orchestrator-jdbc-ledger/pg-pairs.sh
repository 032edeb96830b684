#!/bin/bash
# This build (5c87530) on H2 and on PostgreSQL 15 (Debian's server, default settings, on this machine), alternating per
# repetition, 1,000 trials after the 3,000-trial warm-up. Builds: `mvn -o -q package -DskipTests` copied to /tmp/ob/h2, and
# the same with `-Dquarkus.datasource.db-kind=postgresql` to /tmp/ob/pg. Server:
#   initdb -D /tmp/pgdata -A trust -U postgres; pg_ctl -D /tmp/pgdata -o '-p 55432 -k /tmp/pgsock' start   (as user postgres)
# Usage: pg-pairs.sh OUT REPS; then ratios.py OUT compares pg (as "pg") with h2 (as "before").
out_root=$1; reps=$2
rm -rf "$out_root"; mkdir -p "$out_root"
for conc in 100 1000; do
for rep in $(seq 1 "$reps"); do
  if [ $((rep % 2)) = 1 ]; then order="h2 pg"; else order="pg h2"; fi
  for db in $order; do
    name=$([ $db = h2 ] && echo before || echo pg)
    out=$out_root/$name-c$conc-r$rep
    mkdir -p "$out"
    rm -rf /tmp/ob/data
    if [ $db = pg ]; then
      psql -h /tmp/pgsock -p 55432 -U postgres -qc "create database o3_${conc}_${rep};"
      extra="-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:55432/o3_${conc}_${rep} -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=x"
    else
      extra=""
    fi
    timeout 600 java $extra -Dmilotune.data-dir=/tmp/ob/data -Dquarkus.http.port=18130 -jar /tmp/ob/$db/quarkus-run.jar bench \
      --experiment orchestrator --trials 1000 --concurrency $conc --out "$out" > "$out/log.txt" 2>&1
    echo "$db c$conc r$rep rc=$? $(grep '^Orchestrator on' "$out/log.txt")"
  done
done
done
echo ALLDONE
