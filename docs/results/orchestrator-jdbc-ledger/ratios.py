#!/usr/bin/env python3
"""Paired ratios of each build to "before", per concurrency, from the pairs.sh outputs
(OUT/<build>-c<C>-r<R>/results.json): geometric mean and 95 % t interval on the logs, for reports / s,
CPU per report and decision latency.

    python3 ratios.py /tmp/ob/out2
"""
import json
import math
import pathlib
import statistics
import sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    runs = {}
    for f in out.glob("*/results.json"):
        build, conc, rep = f.parent.name.split("-")
        runs[(build, conc, rep)] = json.loads(f.read_text())["orchestrator"]
    builds = sorted({k[0] for k in runs} - {"before"})
    for conc in sorted({k[1] for k in runs}, key=lambda c: int(c[1:])):
        reps = sorted({k[2] for k in runs if k[1] == conc})
        print(f"{conc[1:]} slots, {len(reps)} repetitions")
        for field, label in (("reportsPerSecond", "reports / s"), ("cpuMillisPerReport", "CPU ms / report"),
                             ("p50Ms", "decision p50 ms"), ("p99Ms", "decision p99 ms")):
            before = [runs[("before", conc, r)][field] for r in reps]
            line = f"  {label:16s} before {statistics.median(before):8.3f} (median)"
            for build in builds:
                after = [runs[(build, conc, r)][field] for r in reps]
                logs = [math.log(a / b) for a, b in zip(after, before)]
                mean = statistics.mean(logs)
                half = T975[len(logs) - 1] * statistics.stdev(logs) / math.sqrt(len(logs))
                line += (f" | {build} {statistics.median(after):8.3f}, {math.exp(mean):.2f}x "
                         f"[{math.exp(mean - half):.2f}, {math.exp(mean + half):.2f}]")
            print(line)

if __name__ == "__main__":
    main()
