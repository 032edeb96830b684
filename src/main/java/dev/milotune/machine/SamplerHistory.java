package dev.milotune.machine;

import dev.milotune.sampling.Observation;
import dev.milotune.scheduling.Fact;
import dev.milotune.space.Configuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sampler learns from, kept as results arrive rather than rebuilt per suggestion: for each
 * search trial its score at the highest rung it reported at (one observation per trial). Trials in
 * flight are passed to the sampler as pending, so parallel suggestions keep away from them (TPE's
 * constant liar, as Optuna does).
 */
final class SamplerHistory {

    private record Best(Configuration configuration, int rung, double score) {
    }

    private final Map<Integer, Best> best = new HashMap<>();

    /** A reported score; a report at a higher rung replaces the trial's observation. */
    void reported(int trialNumber, Configuration configuration, int rung, double score) {
        best.merge(trialNumber, new Best(configuration, rung, score), (old, now) -> now.rung() >= old.rung() ? now : old);
    }

    /** Replays the scheduler's reported facts (after a restart). */
    void replay(List<Fact> facts, Map<Integer, Configuration> configurations) {
        for (Fact fact : facts) {
            if (fact instanceof Fact.Reported r && configurations.containsKey(r.trialNumber())) {
                reported(r.trialNumber(), configurations.get(r.trialNumber()), r.rung().index(), r.score());
            }
        }
    }

    /** The observations, finite scores only. */
    List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        best.forEach((number, b) -> {
            if (Double.isFinite(b.score())) {
                out.add(new Observation(b.configuration(), b.score(), b.rung()));
            }
        });
        return out;
    }
}
