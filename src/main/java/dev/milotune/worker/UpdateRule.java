package dev.milotune.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimisers, with their state held here so that it is ours to checkpoint (DJL keeps its
 * optimisers' moments private): SGD with momentum and Nesterov, Adam (L2 weight decay in the
 * gradient, as PyTorch's Adam) and AdamW (decoupled weight decay, Loshchilov and Hutter 2019).
 * Updates follow PyTorch's formulas.
 *
 * <p>Adam and AdamW run as one fused native update per parameter (DJL's {@code adamUpdate} on the
 * moment arrays kept here). That update computes {@code w -= a * m / (sqrt(v) + e)} without the
 * second moment's bias correction, so it is given PyTorch's step in an equivalent form:
 * {@code a = lr * sqrt(1 - beta2^t) / (1 - beta1^t)} and {@code e = eps * sqrt(1 - beta2^t)}, which
 * is algebraically {@code lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)}. SGD is a few
 * in-place operations (DJL's fused SGD scales the momentum buffer by the learning rate, which differs
 * from PyTorch as soon as the rate changes).
 */
final class UpdateRule {

    enum Kind {
        SGD,
        ADAM,
        ADAMW
    }

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Kind kind;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final NDManager stateManager;
    /** Momentum buffers (SGD) or first moments (Adam), then second moments, by parameter name. */
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long steps;

    UpdateRule(Hyperparameters hp, NDManager stateManager) {
        this.kind = Kind.valueOf(hp.choice("optimizer").toUpperCase(java.util.Locale.ROOT));
        this.momentum = (float) hp.real("momentum");
        this.nesterov = hp.flag("nesterov");
        this.weightDecay = (float) hp.real("weightDecay");
        this.stateManager = stateManager;
        if (momentum < 0 || momentum >= 1) {
            throw new InvalidTrialException("hyperparameter momentum is " + momentum + ", but must be in [0, 1)");
        }
        if (weightDecay < 0) {
            throw new InvalidTrialException("hyperparameter weightDecay is " + weightDecay + ", but must be >= 0");
        }
    }

    /**
     * One step over every parameter, from the gradients that backward left on them; call with
     * gradient recording off. Temporaries live in an {@link NDScope} and are freed at once; only
     * new state buffers outlive the step.
     */
    void step(Map<String, NDArray> parameters, float lr) {
        steps++;
        double bias1 = 1 - Math.pow(BETA1, steps);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(BETA2, steps));
        float adamStep = (float) (lr * sqrtBias2 / bias1);
        float adamEpsilon = (float) (EPSILON * sqrtBias2);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                String name = e.getKey();
                NDArray w = e.getValue();
                NDArray g = w.getGradient();
                if (kind == Kind.SGD) {
                    sgd(name, w, g, lr);
                } else {
                    NDArray m = first.computeIfAbsent(name, k -> zeros(w));
                    NDArray v = second.computeIfAbsent(name, k -> zeros(w));
                    JniUtils.adamUpdate((PtNDArray) w, (PtNDArray) g, (PtNDArray) m, (PtNDArray) v, lr, adamStep, weightDecay,
                            1f, -1f, BETA1, BETA2, adamEpsilon, kind == Kind.ADAMW);
                }
            }
        }
    }

    private void sgd(String name, NDArray w, NDArray g, float lr) {
        NDArray grad = weightDecay > 0 ? g.add(w.mul(weightDecay)) : g;
        if (momentum > 0) {
            NDArray buf = first.get(name);
            if (buf == null) {
                buf = grad.duplicate();
                buf.attach(stateManager);
                NDScope.unregister(buf);
                first.put(name, buf);
            } else {
                buf.muli(momentum).addi(grad);
            }
            grad = nesterov ? grad.add(buf.mul(momentum)) : buf;
        }
        w.subi(grad.mul(lr));
    }

    private NDArray zeros(NDArray like) {
        NDArray z = stateManager.zeros(like.getShape(), like.getDataType(), like.getDevice());
        NDScope.unregister(z);
        return z;
    }

    /** State for a checkpoint: step count and moment buffers, as plain arrays. */
    State state() {
        Map<String, float[]> f = new LinkedHashMap<>();
        Map<String, float[]> s = new LinkedHashMap<>();
        first.forEach((k, v) -> f.put(k, v.toFloatArray()));
        second.forEach((k, v) -> s.put(k, v.toFloatArray()));
        return new State(steps, f, s);
    }

    void restore(State state, Map<String, NDArray> parameters) {
        steps = state.steps();
        state.first().forEach((k, v) -> first.put(k, stateManager.create(v, parameters.get(k).getShape())));
        state.second().forEach((k, v) -> second.put(k, stateManager.create(v, parameters.get(k).getShape())));
    }

    record State(long steps, Map<String, float[]> first, Map<String, float[]> second) {
    }
}
