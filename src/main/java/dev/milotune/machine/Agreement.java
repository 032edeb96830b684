package dev.milotune.machine;

import dev.milotune.scheduling.Fact;
import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.Trial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far a study's cheap judgements agree with full data: for each rung, the rank correlation
 * (Kendall's tau-b and Spearman's rho, ties given average ranks) between the scores configurations
 * got at that rung and their scores on full data, over the configurations that have both. Full-data
 * scores come from the full-data checks ({@code finalSelection}) and, under data fidelity, from the
 * top rung, which trains on the full set. A rung with at least {@value #MIN_PAIRS} pairs and tau below
 * {@value #LOW_TAU} is low agreement: its choices should not be trusted as they are.
 *
 * @param rungs by rung, bottom first; only rungs with at least one pair
 */
public record Agreement(List<RungAgreement> rungs) {

    public static final double LOW_TAU = 0.5;
    public static final int MIN_PAIRS = 3;

    /** One rung's agreement with full data over {@code pairs} configurations. */
    public record RungAgreement(int rung, int pairs, double kendallTau, double spearman) {

        public boolean low() {
            return pairs >= MIN_PAIRS && kendallTau < LOW_TAU;
        }
    }

    /** True when some rung's agreement is low. */
    public boolean low() {
        return rungs.stream().anyMatch(RungAgreement::low);
    }

    /**
     * @param facts the study's scheduler facts (every rung's scores, higher is better)
     * @param trials the study's trials (search trials by number, and the checks)
     * @param fullDataRung the rung that trains on the full set (data fidelity's top rung), if any
     */
    public static Agreement of(List<Fact> facts, List<Trial> trials, Direction direction, Optional<Integer> fullDataRung) {
        Map<Integer, Configuration> configurations = new HashMap<>();
        Map<Configuration, Double> full = new HashMap<>();
        for (Trial t : trials) {
            if (t.purpose() == Trial.Purpose.SEARCH) {
                configurations.put(t.number(), t.configuration());
            } else if (t.purpose() == Trial.Purpose.CHECK && t.bestValue().isPresent()) {
                full.put(t.configuration(), direction.score(t.bestValue().get()));
            }
        }
        TreeMap<Integer, Map<Configuration, Double>> atRung = new TreeMap<>();
        for (Fact f : facts) {
            if (f instanceof Fact.Reported r && Double.isFinite(r.score()) && configurations.containsKey(r.trialNumber())) {
                Configuration c = configurations.get(r.trialNumber());
                atRung.computeIfAbsent(r.rung().index(), k -> new HashMap<>()).put(c, r.score());
            }
        }
        if (fullDataRung.isPresent() && atRung.containsKey(fullDataRung.get())) {
            atRung.get(fullDataRung.get()).forEach(full::putIfAbsent);
        }
        List<RungAgreement> rungs = new ArrayList<>();
        atRung.forEach((rung, scores) -> {
            if (fullDataRung.isPresent() && fullDataRung.get().equals(rung)) {
                return;
            }
            List<double[]> pairs = new ArrayList<>();
            scores.forEach((c, score) -> {
                Double f = full.get(c);
                if (f != null && Double.isFinite(f)) {
                    pairs.add(new double[] {score, f});
                }
            });
            if (!pairs.isEmpty()) {
                double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
                rungs.add(new RungAgreement(rung, pairs.size(), kendallTauB(x, y), spearman(x, y)));
            }
        });
        return new Agreement(List.copyOf(rungs));
    }

    /** Kendall's tau-b: concordant minus discordant pairs over the geometric mean of the untied pairs. NaN below 2 points. */
    static double kendallTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                }
                if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Spearman's rho: Pearson's correlation of the average ranks. NaN below 2 points or without spread. */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(Double.NaN);
        double my = Arrays.stream(ry).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] ranks = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }
}
