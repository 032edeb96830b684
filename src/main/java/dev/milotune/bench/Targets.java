package dev.milotune.bench;

/**
 * The thresholds of issue 17, in one place for report.md and results.json. Each is judged on the
 * mean of the paired per-seed values; the report prints the 95 % interval beside it, so that a mean
 * that clears a threshold with an interval straddling it reads as what it is.
 *
 * @param wallSpeedup tuning-wall speedup against milotune's full-data ASHA arm of the same seed
 * @param peerWallSpeedup tuning-wall speedup against the Optuna + PyTorch peer's full-data run of the same seed
 * @param deltaPoints accuracy difference to full-data ASHA, in percentage points (a floor: at least this)
 * @param worstDeltaPoints issue 14's floor for every single seed's accuracy difference
 */
public record Targets(double wallSpeedup, double peerWallSpeedup, double deltaPoints, double worstDeltaPoints) {

    /**
     * Issue 17: >= 20x wall against full-data ASHA, >= 10x against the peer's full run, mean Δ >= -0.5 pp;
     * with issue 14's floor of no seed below -1.5 pp.
     */
    public static final Targets ISSUE_17 = new Targets(20, 10, -0.5, -1.5);

    /** No seed below the floor (NaN: no seed measured). */
    public boolean worstMet(double worstDelta) {
        return Double.isFinite(worstDelta) && worstDelta >= worstDeltaPoints;
    }

    public boolean wallMet(Interval speedup) {
        return !speedup.isEmpty() && speedup.mean() >= wallSpeedup;
    }

    public boolean peerWallMet(Interval speedup) {
        return !speedup.isEmpty() && speedup.mean() >= peerWallSpeedup;
    }

    public boolean accuracyMet(Interval delta) {
        return !delta.isEmpty() && delta.mean() >= deltaPoints;
    }

    /** The thresholds in words, for the report's heading. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, ">= %.0fx tuning wall vs full-data ASHA, >= %.0fx vs the peer's full run, "
                + "mean Δ >= %+.1f pp, no seed below %+.1f pp", wallSpeedup, peerWallSpeedup, deltaPoints, worstDeltaPoints);
    }
}
