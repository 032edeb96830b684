#!/usr/bin/env python3
"""Where the CPU went in the last SECONDS of a JFR recording's conductor activity: execution samples
per thread (Kafka broker threads grouped), and, for the conductor thread, the milotune, H2 and
transaction frames on the stacks (inclusive counts).

    java -XX:StartFlightRecording=filename=rec.jfr,settings=profile -Dmilotune.data-dir=/tmp/p \\
      -jar target/quarkus-app/quarkus-run.jar bench --experiment orchestrator --trials 3000 --concurrency 100 --out /tmp/p/out
    jfr print --events jdk.ExecutionSample --stack-depth 80 rec.jfr > samples.txt
    python3 jfr_split.py samples.txt [SECONDS]
"""
import collections
import re
import sys

BROKER = ("data-plane", "kafka-N", "group-coord", "ExpirationReaper", "raft", "kafka-scheduler", "broker", "quorum")
FRAMES = ("milotune", "org.h2.command.Command.execute", "org.h2.mvstore.tx.Transaction.commit", "org.h2.mvstore.MVStore.store",
          "io.quarkus.narayana.jta.QuarkusTransactionImpl.call", "org.hibernate.event.internal.DefaultFlush")


def seconds(hms: str) -> int:
    h, m, s = map(int, hms.split(":"))
    return h * 3600 + m * 60 + s


def main() -> None:
    text = open(sys.argv[1], encoding="utf-8").read()
    window = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    events = [e for e in text.split("jdk.ExecutionSample")[1:] if "startTime" in e]
    at = [seconds(re.search(r"startTime = (\d\d:\d\d:\d\d)", e).group(1)) for e in events]
    end = max(t for t, e in zip(at, events) if "milotune-conductor" in e)
    threads, frames = collections.Counter(), collections.Counter()
    for t, e in zip(at, events):
        if not end - window <= t <= end:
            continue
        name = re.sub(r"\d+", "N", re.search(r'sampledThread = "([^"]*)"', e).group(1))
        name = "kafka broker threads" if any(k in name for k in BROKER) else name
        threads[name] += 1
        if name == "milotune-conductor":
            for f in set(re.findall(r"^\s+([\w.$<>]+)\(.*line:", e, re.M)):
                if any(k in f for k in FRAMES):
                    frames[f] += 1
    total = sum(threads.values())
    print(f"{total} samples in the last {window} s of conductor activity")
    for name, n in threads.most_common(10):
        print(f"{n:5d} {100 * n / total:5.1f} %  {name}")
    print("conductor thread, inclusive:")
    for name, n in frames.most_common(30):
        print(f"{n:5d} {100 * n / threads['milotune-conductor']:5.1f} %  {name}")


if __name__ == "__main__":
    main()
