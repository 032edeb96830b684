package dev.milotune.selection;

import dev.milotune.study.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The subset of any epoch for any {@link SubsetStrategy}, as one pure function of its inputs:
 * what a worker calls at the start of every epoch. Indices are dataset indices sorted ascending.
 */
public final class EpochSubsets {

    private EpochSubsets() {
    }

    /**
     * @param plan the subset plan; required by the plan strategies, may be null for FULL, RANDOM
     *     and ADAPTIVE_RANDOM
     * @param numItems N; must equal the plan's when a plan is given
     * @param fraction the subset fraction of the random baselines (B = floor(N * fraction)); must
     *     equal the plan's fraction for the plan strategies
     */
    public static int[] forEpoch(SubsetStrategy strategy, SubsetPlan plan, int numItems, double fraction, long trialSeed, int epoch,
            int totalEpochs, CurriculumOptions options) {
        Curriculum.checkEpoch(epoch, totalEpochs);
        if (plan != null && plan.numItems() != numItems) {
            throw new IllegalArgumentException("number of items is " + numItems + ", but plan " + plan.id() + " has " + plan.numItems());
        }
        if (strategy.needsPlan()) {
            if (plan == null) {
                throw new IllegalArgumentException("strategy " + strategy + " needs a subset plan");
            }
            if (fraction != plan.fraction()) {
                throw new IllegalArgumentException("fraction is " + fraction + ", but plan " + plan.id() + " has fraction " + plan.fraction());
            }
        }
        return switch (strategy) {
            case FULL -> all(numItems);
            case RANDOM -> uniform(numItems, Budgets.total(numItems, fraction), Seeds.stream(trialSeed, Seeds.Stream.RANDOM_SUBSET));
            case ADAPTIVE_RANDOM -> uniform(numItems, Budgets.total(numItems, fraction),
                    Seeds.stream(trialSeed, Seeds.Stream.ADAPTIVE_RANDOM_SUBSET, epoch / options.interval()));
            case MILO -> Curriculum.subsetFor(plan, trialSeed, epoch, totalEpochs, options);
            case SGE_ONLY -> Curriculum.sgeSubset(plan, trialSeed, epoch / options.interval());
            case WRE_ONLY -> Curriculum.wreSubset(plan, trialSeed, epoch / options.interval());
            case MILO_FIXED -> wreTop(plan);
        };
    }

    /**
     * What kind of subset {@code epoch} gets: {@code full}, {@code random} (uniform draws),
     * {@code sge} (a stochastic-greedy subset: the curriculum's easy phase), {@code wre} (weighted
     * random exploration) or {@code fixed} (MILO-fixed's one subset).
     */
    public static String phase(SubsetStrategy strategy, int epoch, int totalEpochs, CurriculumOptions options) {
        Curriculum.checkEpoch(epoch, totalEpochs);
        return switch (strategy) {
            case FULL -> "full";
            case RANDOM, ADAPTIVE_RANDOM -> "random";
            case MILO -> Curriculum.inSgePhase(epoch, totalEpochs, options) ? "sge" : "wre";
            case SGE_ONLY -> "sge";
            case WRE_ONLY -> "wre";
            case MILO_FIXED -> "fixed";
        };
    }

    private static int[] all(int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("number of items is " + numItems + ", but must be >= 1");
        }
        int[] out = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            out[i] = i;
        }
        return out;
    }

    /** {@code size} of 0 .. n-1 uniformly without replacement, by a partial Fisher-Yates shuffle. */
    private static int[] uniform(int numItems, int size, SplittableRandom random) {
        int[] pool = all(numItems);
        for (int k = 0; k < size; k++) {
            int j = k + random.nextInt(numItems - k);
            int t = pool[k];
            pool[k] = pool[j];
            pool[j] = t;
        }
        int[] out = Arrays.copyOf(pool, size);
        Arrays.sort(out);
        return out;
    }

    private static int[] wreTop(SubsetPlan plan) {
        int[] out = new int[plan.totalBudget()];
        int at = 0;
        for (GreedyOrder order : plan.wreOrders()) {
            for (int k = 0; k < order.budget(); k++) {
                out[at++] = order.index(k);
            }
        }
        Arrays.sort(out);
        return out;
    }
}
