package dev.milotune.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.SplittableRandom;

/** Registered datasets for tests: small, separable embeddings and their upload as a form. */
public final class UserDatasets {

    private UserDatasets() {
    }

    /** {@code POST /api/v1/datasets}'s form with these files, to be posted. */
    public static RequestSpecification upload(String name, byte[] embeddings, byte[] labels) {
        return given().multiPart("name", name).multiPart("embeddings", "embeddings.npy", embeddings, "application/octet-stream")
                .multiPart("labels", "labels.npy", labels, "application/octet-stream");
    }

    /** {@code n} rows of {@code d} Gaussian values, row i shifted along axis i mod 3 (its class). */
    public static float[][] rows(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i][k] = (float) (random.nextGaussian() + (k == i % 3 ? 3 : 0));
            }
        }
        return rows;
    }

    /** Row i's class: i mod 3. */
    public static int[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return labels;
    }
}
