package dev.milotune.bench;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The training experiment's measurement: one fixed configuration trained for E epochs on one kind
 * of data (full, a MILO subset, a random subset), with its validation accuracy after every epoch
 * against the training time spent so far.
 *
 * @param itemsPerEpoch training items an epoch used (the subset size)
 */
public record TrainingCurve(Arm arm, String studyId, String state, long itemsPerEpoch, List<Point> points) {

    /** After {@code epoch} (0-based): training seconds spent so far and the validation accuracy reached. */
    public record Point(int epoch, double seconds, double validationAccuracy) {
    }

    public TrainingCurve {
        Objects.requireNonNull(arm, "arm");
        points = List.copyOf(points);
    }

    /** Builds the points from per-epoch training seconds and validation accuracies (epoch order). */
    public static List<Point> cumulative(List<Double> epochSeconds, List<Double> accuracies) {
        if (epochSeconds.size() != accuracies.size()) {
            throw new IllegalArgumentException(epochSeconds.size() + " epoch times but " + accuracies.size() + " accuracies");
        }
        java.util.ArrayList<Point> points = new java.util.ArrayList<>();
        double at = 0;
        for (int i = 0; i < epochSeconds.size(); i++) {
            at += epochSeconds.get(i);
            points.add(new Point(i, at, accuracies.get(i)));
        }
        return points;
    }

    public double totalSeconds() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).seconds();
    }

    public OptionalDouble bestAccuracy() {
        return points.stream().mapToDouble(Point::validationAccuracy).max();
    }

    /** Training seconds until the validation accuracy first reached {@code target}; empty if it never did. */
    public OptionalDouble secondsToReach(double target) {
        return points.stream().filter(p -> p.validationAccuracy() >= target).mapToDouble(Point::seconds).findFirst();
    }
}
