package dev.milotune.study;

/**
 * Whether a study maximises or minimises its objective. Samplers and schedulers work on scores
 * where higher is better; {@link #score} is the one place that turns a metric into a score.
 */
public enum Direction {
    MAXIMIZE,
    MINIMIZE;

    /** The metric as a higher-is-better score. */
    public double score(double metric) {
        return this == MAXIMIZE ? metric : -metric;
    }

    public boolean isBetter(double candidate, double incumbent) {
        return score(candidate) > score(incumbent);
    }
}
