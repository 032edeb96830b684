package dev.milotune.study;

import dev.milotune.space.InvalidSpecException;
import dev.milotune.space.SearchSpace;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a user asks for: tune a model family on a dataset over a search space, with a sampler, a
 * scheduler and a subset strategy, under a seed. Built from the submitted JSON by the
 * orchestrator and validated there; the JSON itself is stored with the study.
 *
 * @param maxConcurrentTrials segments of this study in training at once
 * @param seed the study seed: the sampler's seed, every trial's seed and every subset derive from it
 */
public record StudySpec(
        String name,
        DatasetSpec dataset,
        ModelSpec model,
        SearchSpace searchSpace,
        Objective objective,
        SamplerSpec sampler,
        SchedulerSpec scheduler,
        int maxTrials,
        int maxConcurrentTrials,
        SubsetSpec subset,
        long seed,
        FinalSelection finalSelection,
        FinalRetrain finalRetrain,
        WorkerSpec worker) {

    public StudySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(searchSpace, "searchSpace");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(subset, "subset");
        Objects.requireNonNull(finalSelection, "finalSelection");
        Objects.requireNonNull(finalRetrain, "finalRetrain");
        Objects.requireNonNull(worker, "worker");
    }

    /** A catalogue dataset (or user files registered under a name) and the encoder MILO embeds it with. */
    public record DatasetSpec(String name, String encoder) {

        /**
         * What a dataset name may be, wherever one is given (specs, plan requests): short and plain,
         * since it keys caches and plans, names files and is shown and logged.
         */
        public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

        /** Throws an {@link InvalidSpecException} for {@code field} unless {@code name} matches {@link #NAME}. */
        public static void checkName(String field, String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidSpecException(field, name == null ? null : InvalidSpecException.abbreviate(name),
                        "must match " + NAME.pattern() + " (lower-case letters, digits, '.', '_', '-'; at most 100)");
            }
        }
    }

    /**
     * The model family a worker trains, its fixed settings (merged under the sampled configuration)
     * and the epochs of one full training run (E).
     */
    public record ModelSpec(String family, int epochs, Map<String, Object> fixed) {
        public ModelSpec {
            fixed = Map.copyOf(fixed);
        }
    }

    /**
     * The metric a trial is judged by, e.g. {@code validation_accuracy}, and its direction.
     *
     * @param validationSample the share of the validation split that scores rungs below the top: a
     *     fixed, seeded, class-stratified sample (1: all of it). The top rung, the full-data check
     *     and the final retrain always validate on all of it.
     */
    public record Objective(String metric, Direction direction, double validationSample) {

        /** What a metric may be called: the built-in worker's, or any an external worker reports. */
        public static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    }

    /**
     * How the search's choice is made. With {@code topK} > 0, a search on subsets (or on a
     * validation sample) ends by training its {@code topK} best configurations for {@code epochs}
     * epochs on the full training set, validated on all of it; the best of them is the study's
     * choice and goes to the final retrain. 0 chooses the leaderboard's first.
     */
    public record FinalSelection(int topK, int epochs) {

        public boolean enabled() {
            return topK > 0;
        }
    }

    public enum SamplerKind {
        RANDOM,
        GRID,
        TPE
    }

    /** The sampler; TPE's own settings keep their defaults unless given. */
    public record SamplerSpec(SamplerKind kind, int startupTrials, double gamma, int candidates) {
    }

    public enum SchedulerKind {
        NONE,
        SHA,
        ASHA,
        HYPERBAND
    }

    /**
     * What a rung measures: {@code EPOCHS} (rung k trains up to r * eta^(s+k) epochs, the
     * paper's setup) or {@code DATA} (rung k trains all epochs on a MILO plan of fraction
     * f * eta^k, the top rung on the full training set).
     */
    public enum Fidelity {
        EPOCHS,
        DATA
    }

    /** Successive halving in the papers' symbols: r, R, eta, s; Hyperband's brackets. */
    public record SchedulerSpec(SchedulerKind kind, Fidelity fidelity, int r, int R, int eta, int s, int brackets) {
    }

    public enum SubsetStrategy {
        MILO,
        FULL,
        RANDOM,
        ADAPTIVE_RANDOM
    }

    /** How each epoch's training items are chosen (MILO.md), with the curriculum's kappa and interval. */
    public record SubsetSpec(SubsetStrategy strategy, double fraction, double kappa, int interval) {
    }

    /** Retrain the best configuration on the full training set, {@code repeats} times with different seeds. */
    public record FinalRetrain(boolean enabled, int repeats) {
    }

    /**
     * Which workers train the study: those of {@code pool}, which read its own tasks topic. The
     * built-in DJL worker is pool {@value #BUILTIN}.
     */
    public record WorkerSpec(String pool) {

        public static final String BUILTIN = "builtin";

        /** What a pool may be called: it names a topic and a consumer group. */
        public static final Pattern POOL = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

        public WorkerSpec {
            if (pool == null || !POOL.matcher(pool).matches() || pool.equals("dlq")) {
                throw new InvalidSpecException("worker.pool", pool == null ? null : InvalidSpecException.abbreviate(pool),
                        "must match " + POOL.pattern() + " (lower-case letters, digits, '-'; at most 40) and not be dlq");
            }
        }

        public static WorkerSpec builtin() {
            return new WorkerSpec(BUILTIN);
        }
    }
}
