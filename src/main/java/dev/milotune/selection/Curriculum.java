package dev.milotune.selection;

import dev.milotune.study.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MILO's easy-to-hard curriculum as a pure function of (plan, trial seed, epoch): a resumed or
 * retried trial sees exactly the same subsets (DESIGN.md decision 7).
 *
 * <ul>
 *   <li>SGE phase, epochs [0, ceil(kappa E)): SGE subsets in an order shuffled by the trial seed,
 *       cyclically; subset round r = epoch / R.
 *   <li>WRE phase, later epochs: per class, b_c items without replacement with probability
 *       proportional to p_i (Efraimidis-Spirakis), a fresh draw every R epochs counted from the
 *       start of the phase; each draw has its own stream from (trial seed, round, class).
 * </ul>
 *
 * Reference quirks not copied: E + 1 epochs, the first two epochs of each phase sharing a subset,
 * wall-clock seeds. Returned indices are sorted ascending; the trainer shuffles within a subset.
 */
public final class Curriculum {

    private Curriculum() {
    }

    public static int[] subsetFor(SubsetPlan plan, long trialSeed, int epoch, int totalEpochs, CurriculumOptions options) {
        checkEpoch(epoch, totalEpochs);
        int sgeEpochs = options.sgeEpochs(totalEpochs);
        if (epoch < sgeEpochs) {
            return sgeSubset(plan, trialSeed, epoch / options.interval());
        }
        return wreSubset(plan, trialSeed, (epoch - sgeEpochs) / options.interval());
    }

    /** Whether {@code epoch} belongs to the SGE phase. */
    public static boolean inSgePhase(int epoch, int totalEpochs, CurriculumOptions options) {
        checkEpoch(epoch, totalEpochs);
        return epoch < options.sgeEpochs(totalEpochs);
    }

    /** The SGE subset of selection round r: the trial's shuffled order of the plan's subsets, cyclic. */
    static int[] sgeSubset(SubsetPlan plan, long trialSeed, int round) {
        int count = plan.numSubsets();
        int[] order = new int[count];
        for (int s = 0; s < count; s++) {
            order[s] = s;
        }
        SplittableRandom random = Seeds.stream(trialSeed, Seeds.Stream.SGE_ORDER);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return plan.sgeSubset(order[round % count]);
    }

    /** A WRE draw: per class b_c items by their WRE probabilities, for selection round r. */
    static int[] wreSubset(SubsetPlan plan, long trialSeed, int round) {
        int[] classes = plan.classes();
        int[] budgets = plan.budgets();
        double[] p = plan.probabilitiesView();
        int[] subset = new int[plan.totalBudget()];
        int at = 0;
        for (int c = 0; c < classes.length; c++) {
            SplittableRandom random = Seeds.stream(trialSeed, Seeds.Stream.WRE_DRAW, round, classes[c]);
            int[] drawn = WeightedRandomExploration.draw(p, plan.classMembersView(c), budgets[c], random);
            System.arraycopy(drawn, 0, subset, at, drawn.length);
            at += drawn.length;
        }
        Arrays.sort(subset);
        return subset;
    }

    static void checkEpoch(int epoch, int totalEpochs) {
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("total epochs is " + totalEpochs + ", but must be >= 1");
        }
        if (epoch < 0 || epoch >= totalEpochs) {
            throw new IllegalArgumentException("epoch is " + epoch + ", but must be in [0, " + totalEpochs + ")");
        }
    }
}
