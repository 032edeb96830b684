package dev.milotune.data;

import java.util.stream.IntStream;

/**
 * k-nearest-neighbour accuracy (Euclidean, majority vote, ties to the nearer neighbour's class):
 * how the encoder candidates are compared. Plain Java over rows, parallel over queries.
 */
final class Knn {

    private Knn() {
    }

    static double accuracy(float[][] train, int[] trainLabels, float[][] queries, int[] queryLabels, int k) {
        int numClasses = IntStream.of(trainLabels).max().orElse(0) + 1;
        long correct = IntStream.range(0, queries.length).parallel()
                .filter(q -> predict(train, trainLabels, queries[q], k, numClasses) == queryLabels[q]).count();
        return (double) correct / queries.length;
    }

    private static int predict(float[][] train, int[] labels, float[] query, int k, int numClasses) {
        double[] bestDistance = new double[k];
        int[] bestLabel = new int[k];
        java.util.Arrays.fill(bestDistance, Double.MAX_VALUE);
        for (int i = 0; i < train.length; i++) {
            float[] row = train[i];
            double distance = 0;
            for (int d = 0; d < row.length; d++) {
                double diff = row[d] - query[d];
                distance += diff * diff;
            }
            if (distance < bestDistance[k - 1]) {
                int slot = k - 1;
                while (slot > 0 && bestDistance[slot - 1] > distance) {
                    bestDistance[slot] = bestDistance[slot - 1];
                    bestLabel[slot] = bestLabel[slot - 1];
                    slot--;
                }
                bestDistance[slot] = distance;
                bestLabel[slot] = labels[i];
            }
        }
        int[] votes = new int[numClasses];
        int best = bestLabel[0];
        for (int j = 0; j < k; j++) {
            votes[bestLabel[j]]++;
        }
        for (int j = 0; j < k; j++) {
            if (votes[bestLabel[j]] > votes[best]) {
                best = bestLabel[j];
            }
        }
        return best;
    }
}
