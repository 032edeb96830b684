#!/usr/bin/env python3
"""Reads a bench results.json and prints two things docs/fidelity.md quotes:

1. For every seed, the pairs of arms that chose the same configuration, and whether their final
   retrains (same configuration, same retrain seeds) gave the same test accuracies: how many pairs,
   how many identical, the gaps' median and maximum, and every gap above 1 pp with its learning rate.
2. With --rungs ARM: for that arm, how many search trials ended at each rung, per seed.

    python3 examples/bench/retrain_pairs.py docs/results/fashion-mnist-claim-10seeds/results.json
    python3 examples/bench/retrain_pairs.py docs/results/fashion-mnist-data-fidelity-10seeds/results.json --rungs milo-data-10
"""
import argparse
import collections
import itertools
import json
import statistics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--rungs", metavar="ARM")
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as f:
        arms = json.load(f)["arms"]

    by_seed = collections.defaultdict(list)
    for arm in arms:
        by_seed[arm["seed"]].append(arm)
    gaps, identical = [], 0
    for seed, seed_arms in sorted(by_seed.items()):
        for a, b in itertools.combinations(seed_arms, 2):
            if a["chosenConfiguration"] != b["chosenConfiguration"] or not a["retrainTestAccuracies"] or not b["retrainTestAccuracies"]:
                continue
            gap = abs(statistics.mean(a["retrainTestAccuracies"]) - statistics.mean(b["retrainTestAccuracies"])) * 100
            gaps.append(gap)
            identical += a["retrainTestAccuracies"] == b["retrainTestAccuracies"]
            if gap > 1:
                print(f"seed {seed}: {a['id']} vs {b['id']}: {gap:.2f} pp, lr {a['chosenConfiguration'].get('lr')}")
    if gaps:
        print(f"{len(gaps)} pairs chose the same configuration; {identical} with identical retrains; "
              f"gap median {statistics.median(gaps):.2f} pp, max {max(gaps):.2f} pp, {sum(g > 1 for g in gaps)} above 1 pp")
    else:
        print("no two arms of one seed chose the same configuration")

    if args.rungs:
        for arm in arms:
            if arm["id"] == args.rungs:
                counts = collections.Counter(t["rung"] for t in arm["searchTrialResults"])
                print(f"seed {arm['seed']}: trials per final rung {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
