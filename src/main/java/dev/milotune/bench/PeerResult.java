package dev.milotune.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the Optuna + PyTorch peer ({@code bench/optuna_peer.py} on the class path) for one study
 * seed, or the reason it did not run.
 *
 * @param fraction 1 for the peer's full-data run, else its random subsets of that fraction
 * @param position where it ran in its seed's random order, among milotune's arms (-1: did not run)
 * @param skipped why the peer did not run (no torch or optuna, reference BLAS, another dataset, an error)
 * @param tuningWallSeconds the peer's {@code study.optimize} wall (data loading before it is not counted)
 * @param trainingSeconds the peer's summed training loops, the counterpart of milotune's tuning seconds
 * @param retrainTest test accuracy of each retrain of its choice on the full training split
 * @param retrainSeconds wall of each retrain (training and the test pass)
 * @param blas the BLAS torch loaded, as the peer reported it
 */
public record PeerResult(long seed, double fraction, int position, Optional<String> skipped, double tuningWallSeconds,
        double trainingSeconds, List<Double> retrainTest, List<Double> retrainSeconds, Map<String, Object> chosen, String blas) {

    public PeerResult {
        Objects.requireNonNull(skipped, "skipped");
        retrainTest = List.copyOf(retrainTest);
        retrainSeconds = List.copyOf(retrainSeconds);
        chosen = chosen == null ? Map.of() : Map.copyOf(chosen);
        blas = blas == null ? "" : blas;
    }

    /** A peer run that did not happen, and why. */
    public static PeerResult skipped(long seed, double fraction, String reason) {
        return new PeerResult(seed, fraction, -1, Optional.of(reason), Double.NaN, Double.NaN, List.of(), List.of(), Map.of(), "");
    }

    /** {@code peer-full} or {@code peer-random-F}: its slot in a seed's arm order. */
    public String id() {
        return id(fraction);
    }

    static String id(double fraction) {
        return fraction >= 1 ? "peer-full" : "peer-random-" + Arm.percent(fraction);
    }

    public String label() {
        return "Optuna + PyTorch, " + (fraction >= 1 ? "full data" : "random " + Arm.percent(fraction) + " %");
    }

    public boolean ran() {
        return skipped.isEmpty();
    }

    public Summary test() {
        return Summary.of(retrainTest);
    }

    /** Its full-data run needs no retrain (its choice trained R epochs on full data); a subset run needs one. */
    public double endToEndWallSeconds() {
        return BenchMath.endToEndWall(tuningWallSeconds, Summary.of(retrainSeconds).mean(), fraction < 1);
    }
}
