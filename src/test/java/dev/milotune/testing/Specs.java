package dev.milotune.testing;

/** Study specs the service tests submit. */
public final class Specs {

    private Specs() {
    }

    /** One random trial of a small MLP on the committed fixture, all epochs in one segment, no retrain. */
    public static String oneTrial(String name, int epochs) {
        return """
                {"name": "%s", "dataset": {"name": "fixture-fashion-mnist"}, "model": {"family": "mlp", "epochs": %d},
                 "searchSpace": {"lr": {"type": "float", "low": 0.001, "high": 0.01, "log": true}},
                 "sampler": {"type": "random"}, "scheduler": {"type": "none"},
                 "maxTrials": 1, "maxConcurrentTrials": 1, "subset": {"strategy": "full"}, "seed": 3,
                 "finalRetrain": {"enabled": false}}""".formatted(name, epochs);
    }
}
