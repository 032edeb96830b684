package dev.milotune.bench;

import java.util.List;

/**
 * Mean and spread of repeated measurements (e.g. the test accuracies of the full-data retrains).
 *
 * @param sd sample standard deviation (n - 1 in the denominator; 0 for one value)
 */
public record Summary(int n, double mean, double sd, double min, double max) {

    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.size();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
        return new Summary(values.size(), mean, sd, min, max);
    }

    public boolean isEmpty() {
        return n == 0;
    }
}
