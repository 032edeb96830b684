package dev.milotune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DjlSetup;
import dev.milotune.study.ModelFamily;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The optimisers against PyTorch's update formulas written out in plain Java (torch.optim.Adam,
 * AdamW and SGD, version 1.13 and later): five steps on fixed gradients and a changing learning
 * rate. Adam and AdamW run as DJL's fused native update with the bias corrections folded into its
 * step and epsilon ({@link UpdateRule}), so this is where that rewriting is checked.
 */
class UpdateRuleTest {

    static {
        DjlSetup.configure(new DataDirectory(Path.of("target", "test-data")));
    }

    @ParameterizedTest
    @CsvSource({"adam, 0.0", "adam, 0.01", "adamw, 0.01", "sgd, 0.0", "sgd, 0.01"})
    void stepsFollowPyTorchsFormulas(String optimizer, double weightDecay) {
        int n = 257;
        SplittableRandom random = new SplittableRandom(11);
        double[] w = new double[n];
        double[][] grads = new double[5][n];
        for (int i = 0; i < n; i++) {
            w[i] = random.nextDouble() * 2 - 1;
            for (double[] g : grads) {
                g[i] = (random.nextDouble() * 2 - 1) * (i % 7 == 0 ? 1e-4 : 1);
            }
        }
        float[] lrs = {0.01f, 0.02f, 0.005f, 0.01f, 0.03f};
        Hyperparameters hp = Hyperparameters.of(ModelFamily.MLP, Map.of("optimizer", optimizer, "weightDecay", weightDecay,
                "momentum", 0.9, "nesterov", optimizer.equals("sgd")));
        Engine.getEngine("PyTorch");
        float[] actual;
        try (NDManager manager = NDManager.newBaseManager(Engine.getInstance().defaultDevice())) {
            NDArray weight = manager.create(toFloats(w));
            weight.setRequiresGradient(true);
            Map<String, NDArray> parameters = new LinkedHashMap<>(Map.of("w", weight));
            UpdateRule rule = new UpdateRule(hp, manager);
            for (int step = 0; step < grads.length; step++) {
                NDArray g = manager.create(toFloats(grads[step]));
                JniUtils.setGradMode(true);
                NDArray loss = weight.mul(g).sum();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) manager.ones(loss.getShape()), false, false);
                JniUtils.setGradMode(false);
                rule.step(parameters, lrs[step]);
                JniUtils.zeroGrad((PtNDArray) weight);
            }
            actual = weight.toFloatArray();
        }
        double[] expected = reference(optimizer, weightDecay, w, grads, lrs);
        for (int i = 0; i < n; i++) {
            assertThat((double) actual[i]).as("%s w[%d]", optimizer, i).isCloseTo(expected[i], within(2e-6 + 2e-5 * Math.abs(expected[i])));
        }
    }

    /** torch.optim's single-tensor updates, in double precision. */
    private static double[] reference(String optimizer, double wd, double[] w0, double[][] grads, float[] lrs) {
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                switch (optimizer) {
                    case "adam", "adamw" -> {
                        if (optimizer.equals("adamw")) {
                            w[i] *= 1 - lr * wd;
                        } else {
                            g += wd * w[i];
                        }
                        m[i] = b1 * m[i] + (1 - b1) * g;
                        v[i] = b2 * v[i] + (1 - b2) * g * g;
                        double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                        w[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denominator;
                    }
                    default -> {
                        g += wd * w[i];
                        m[i] = t == 1 ? g : 0.9 * m[i] + g;
                        w[i] -= lr * (g + 0.9 * m[i]);
                    }
                }
            }
        }
        return w;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
