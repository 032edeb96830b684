#!/usr/bin/env python3
"""Reads a bench results.json and prints two things docs/fidelity.md quotes:

1. For every seed, the pairs of arms that chose the same configuration, and whether their final
   retrains (same configuration, same retrain seeds) gave the same test accuracies: how many pairs,
   how many identical, the gaps' median and maximum, and every gap above 1 pp with its learning rate.
2. With --rungs ARM: for that arm, how many search trials ended at each rung, per seed.

With --service URL (the service that ran the bench, on its data dir; token in $MILOTUNE_TOKEN), the
arms' chosen configurations are read from their studies' final retrains instead of results.json:
benches before 2026-12-08 wrote the search leader there, which for an arm with a full-data check
is not what it retrained. It also prints, per check arm, the leader and the check's choice. With
--write as well, results.json gets the corrected configurations (and, for check arms, the check's
validation accuracy as chosenValidationAccuracy), its layout kept; `bench --render DIR` then draws
report.md again from it.

    python3 examples/bench/retrain_pairs.py docs/results/fashion-mnist-claim-10seeds/results.json
    python3 examples/bench/retrain_pairs.py docs/results/fashion-mnist-data-fidelity-10seeds/results.json --rungs milo-data-10
"""
import argparse
import collections
import itertools
import json
import os
import statistics
import urllib.request


def trials(service: str, study_id: str) -> list:
    request = urllib.request.Request(f"{service}/api/v1/studies/{study_id}/trials",
                                     headers={"Authorization": "Bearer " + os.environ.get("MILOTUNE_TOKEN", "")})
    with urllib.request.urlopen(request) as response:
        return [row["trial"] for row in json.load(response)]


def chosen_from_service(arms: list, service: str) -> None:
    """Replaces each arm's chosenConfiguration with what its retrains trained; prints what the checks changed."""
    for arm in sorted(arms, key=lambda a: (a["seed"], a["id"])):
        all_trials = trials(service, arm["studyId"])
        retrains = [t for t in all_trials if t["purpose"] == "RETRAIN"]
        if not retrains:
            continue
        retrained = retrains[0]["configuration"]
        checks = [t for t in all_trials if t["purpose"] == "CHECK"]
        if checks:
            leader = arm["chosenConfiguration"]
            print(f"seed {arm['seed']} {arm['id']}: leader lr {leader.get('lr'):.4g}, check chose lr {retrained.get('lr'):.4g}"
                  f"{'' if retrained == leader else ' (changed)'}; retrain test mean "
                  f"{statistics.mean(arm['retrainTestAccuracies']):.4f}")
        arm["chosenConfiguration"] = retrained
        if checks:
            winner = [t for t in checks if t["configuration"] == retrained and t["bestValue"] is not None]
            arm["chosenValidationAccuracy"] = max(t["bestValue"] for t in winner)


def jackson(value) -> str:
    """A scalar as Jackson writes it."""
    return json.dumps(value) if not isinstance(value, float) else repr(value)


def write_chosen(path: str, arms: list) -> None:
    """Rewrites each arm's chosenConfiguration block and chosenValidationAccuracy line in place, after its studyId."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for arm in arms:
        at = text.index(f'"studyId" : "{arm["studyId"]}"')
        start = text.index('"chosenConfiguration" : {', at)
        end = text.index("}", start) + 1
        indent = text[text.rindex("\n", 0, start) + 1:start]
        body = ",\n".join(f'{indent}  "{k}" : {jackson(v)}' for k, v in sorted(arm["chosenConfiguration"].items()))
        text = text[:start] + '"chosenConfiguration" : {\n' + body + "\n" + indent + "}" + text[end:]
        value_at = text.index('"chosenValidationAccuracy" : ', start)
        value_end = text.index(",", value_at)
        text = text[:value_at] + '"chosenValidationAccuracy" : ' + jackson(arm["chosenValidationAccuracy"]) + text[value_end:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--rungs", metavar="ARM")
    parser.add_argument("--service", metavar="URL", help="read chosen configurations from this service's retrains")
    parser.add_argument("--write", action="store_true", help="with --service: correct results.json in place")
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as f:
        arms = json.load(f)["arms"]
    if args.service:
        chosen_from_service(arms, args.service.rstrip("/"))
        if args.write:
            write_chosen(args.results, arms)

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
