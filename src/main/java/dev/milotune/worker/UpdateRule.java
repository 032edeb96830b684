package dev.milotune.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimisers, written out so that their state is ours to checkpoint (DJL keeps its
 * optimisers' moments private): SGD with momentum and Nesterov, Adam (L2 weight decay in the
 * gradient, as PyTorch's Adam) and AdamW (decoupled weight decay, Loshchilov and Hutter 2019).
 * Updates follow PyTorch's formulas.
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
     * One step over every parameter; call with gradient recording off. Temporaries live in an
     * {@link NDScope} and are freed at once; only new state buffers outlive the step.
     */
    void step(Map<String, NDArray> parameters, float lr) {
        steps++;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray w = e.getValue();
                apply(e.getKey(), w, w.getGradient(), lr);
            }
        }
    }

    private void apply(String name, NDArray w, NDArray g, float lr) {
        switch (kind) {
            case SGD -> {
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
            case ADAM, ADAMW -> {
                NDArray grad = g;
                if (kind == Kind.ADAMW && weightDecay > 0) {
                    w.subi(w.mul(lr * weightDecay));
                } else if (weightDecay > 0) {
                    grad = g.add(w.mul(weightDecay));
                }
                NDArray m = first.computeIfAbsent(name, k -> zeros(w));
                NDArray v = second.computeIfAbsent(name, k -> zeros(w));
                m.muli(BETA1).addi(grad.mul(1 - BETA1));
                v.muli(BETA2).addi(grad.square().mul(1 - BETA2));
                double bias1 = 1 - Math.pow(BETA1, steps);
                double bias2 = 1 - Math.pow(BETA2, steps);
                NDArray denominator = v.div(bias2).sqrt().add(EPSILON);
                w.subi(m.div(denominator).mul(lr / bias1));
            }
        }
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
