package dev.milotune.selection;

import java.util.Arrays;

/**
 * Per-class budgets (MILO.md step 3). B = floor(N * fraction) is split equally over the C
 * classes, b_c = ceil(B / C). If the smallest class is below that, every class first gets
 * min(n_c), then whole passes add one item to each class that still has room until the sum
 * reaches B; a pass is never cut short, so the sum may exceed B by up to C - 1.
 * Example: sizes [1070, 1132, 1110, 1146, 83, 365], B = 1471 -> [278, 278, 278, 278, 83, 278].
 */
public final class Budgets {

    private Budgets() {
    }

    /**
     * B = floor(N * fraction), with a relative tolerance of 1e-9 so that a fraction written in
     * decimal (0.29 * 100 = 28.999999999999996 in binary) gives the intended count.
     */
    public static int total(int numItems, double fraction) {
        checkFraction(fraction);
        if (numItems < 1) {
            throw new IllegalArgumentException("number of items is " + numItems + ", but must be >= 1");
        }
        double exact = numItems * fraction;
        int budget = (int) Math.floor(exact * (1 + 1e-9));
        budget = Math.min(budget, numItems);
        if (budget < 1) {
            throw new IllegalArgumentException("fraction " + fraction + " of " + numItems + " items is a budget of 0 items");
        }
        return budget;
    }

    static void checkFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction is " + fraction + ", but must be in (0, 1]");
        }
    }

    /** Budgets per class, in the order of {@code classSizes}, for a total budget B. */
    public static int[] perClass(int[] classSizes, int totalBudget) {
        if (classSizes.length == 0) {
            throw new IllegalArgumentException("there are no classes");
        }
        long sum = 0;
        int smallest = Integer.MAX_VALUE;
        for (int c = 0; c < classSizes.length; c++) {
            if (classSizes[c] < 1) {
                throw new IllegalArgumentException("class at position " + c + " has " + classSizes[c] + " items, but every class needs at least one");
            }
            sum += classSizes[c];
            smallest = Math.min(smallest, classSizes[c]);
        }
        if (totalBudget < 1 || totalBudget > sum) {
            throw new IllegalArgumentException("total budget is " + totalBudget + ", but must be in [1, " + sum + "]");
        }
        int equalShare = (totalBudget + classSizes.length - 1) / classSizes.length;
        int[] budgets = new int[classSizes.length];
        if (smallest >= equalShare) {
            Arrays.fill(budgets, equalShare);
            return budgets;
        }
        Arrays.fill(budgets, smallest);
        long assigned = (long) smallest * classSizes.length;
        while (assigned < totalBudget) {
            for (int c = 0; c < budgets.length; c++) {
                if (budgets[c] < classSizes[c]) {
                    budgets[c]++;
                    assigned++;
                }
            }
        }
        return budgets;
    }

    /**
     * Splits one class budget over its partitions in proportion to their sizes (largest
     * remainder; ties to the earlier partition). Each share is at most its partition's size.
     */
    public static int[] proportional(int budget, int[] partSizes) {
        long total = 0;
        for (int size : partSizes) {
            total += size;
        }
        if (budget < 0 || budget > total) {
            throw new IllegalArgumentException("budget " + budget + " is larger than the " + total + " items it is split over");
        }
        int[] shares = new int[partSizes.length];
        long[] remainders = new long[partSizes.length];
        long assigned = 0;
        for (int p = 0; p < partSizes.length; p++) {
            long numerator = (long) budget * partSizes[p];
            shares[p] = (int) (numerator / total);
            remainders[p] = numerator % total;
            assigned += shares[p];
        }
        while (assigned < budget) {
            int best = -1;
            for (int p = 0; p < partSizes.length; p++) {
                if (shares[p] < partSizes[p] && (best < 0 || remainders[p] > remainders[best])) {
                    best = p;
                }
            }
            shares[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return shares;
    }
}
