#!/bin/bash
# Paired orchestrator runs: the previous build on H2, this build on H2 and on PostgreSQL, in rotating order per repetition.
cd /tmp/orchbench
export MILOTUNE_DATA_DIR=/tmp/orchbench
rm -rf /tmp/orchbench/out2; mkdir -p /tmp/orchbench/out2
for conc in 100 1000; do
for rep in 1 2 3 4; do
  case $((rep % 3)) in 1) order="old h2 pg";; 2) order="h2 pg old";; 0) order="pg old h2";; esac
  for db in $order; do
    out=/tmp/orchbench/out2/$db-c$conc-r$rep
    mkdir -p $out
    if [ $db = pg ]; then
      psql -h /tmp/pgsock -p 55432 -U postgres -qc "create database o2_${conc}_${rep};"
      timeout 600 java -Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:55432/o2_${conc}_${rep} -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=x \
        -jar /tmp/pgapp/quarkus-run.jar bench --experiment orchestrator --trials 1000 --concurrency $conc --out $out > $out/log.txt 2>&1
    elif [ $db = old ]; then
      timeout 600 java -jar /tmp/oldapp/quarkus-run.jar bench --experiment orchestrator --trials 1000 --concurrency $conc --out $out > $out/log.txt 2>&1
    else
      timeout 600 java -jar /tmp/h2app/quarkus-run.jar bench --experiment orchestrator --trials 1000 --concurrency $conc --out $out > $out/log.txt 2>&1
    fi
    echo "$db c$conc r$rep rc=$? $(grep '^Orchestrator on' $out/log.txt)"
  done
done
done
echo ALLDONE
