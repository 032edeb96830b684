package dev.milotune.selection;

import java.util.SplittableRandom;

/** Seeded, clustered embeddings and labels for tests and the benchmark. */
final class SyntheticEmbeddings {

    private SyntheticEmbeddings() {
    }

    /** n rows of dimension d around {@code clusters} random Gaussian centres, with Gaussian noise. */
    static float[][] clustered(long seed, int n, int d, int clusters, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[clusters][d];
        for (double[] centre : centres) {
            for (int k = 0; k < d; k++) {
                centre[k] = random.nextGaussian();
            }
        }
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            double[] centre = centres[random.nextInt(clusters)];
            for (int k = 0; k < d; k++) {
                rows[i][k] = (float) (centre[k] + noise * random.nextGaussian());
            }
        }
        return rows;
    }

    /** Class-structured data: each class has its own centres, so kernels differ by class. */
    static float[][] byClass(long seed, int[] labels, int d, int clustersPerClass, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        double[][][] centres = new double[classes][clustersPerClass][d];
        for (double[][] perClass : centres) {
            for (double[] centre : perClass) {
                for (int k = 0; k < d; k++) {
                    centre[k] = random.nextGaussian();
                }
            }
        }
        float[][] rows = new float[labels.length][d];
        for (int i = 0; i < labels.length; i++) {
            double[] centre = centres[labels[i]][random.nextInt(clustersPerClass)];
            for (int k = 0; k < d; k++) {
                rows[i][k] = (float) (centre[k] + noise * random.nextGaussian());
            }
        }
        return rows;
    }

    /** Labels 0 .. classes-1, about n / classes each, in seeded random order. */
    static int[] balancedLabels(long seed, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    static float[] flatten(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    static DenseKernel kernel(long seed, int n, int d, KernelSpec spec) {
        return KernelBuilder.build(flatten(clustered(seed, n, d, 4, 0.8)), n, d, spec);
    }
}
