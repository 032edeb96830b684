package dev.milotune.scheduling;

/**
 * A scheduler's options: enough to build it again, so {@link Schedulers#restore} can rebuild any
 * scheduler from its spec and facts. The symbols follow the papers: r (min resource), R (max
 * resource), η ({@code eta}, reduction factor), s (min early-stopping rate).
 */
public sealed interface SchedulerSpec permits NoneOptions, ShaOptions, AshaOptions, HyperbandOptions {

    /** How many trials the study starts at most. */
    int maxTrials();
}
