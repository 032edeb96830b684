package dev.milotune.worker;

/**
 * The learning rate of a step as a pure function of where training is, so a resumed trial gets
 * the same rates: constant; cosine annealing to 0 over the E epochs of the schedule (Loshchilov and
 * Hutter 2017, per step); step decay by {@code gamma} every {@code stepSize} epochs.
 */
record LearningRate(String schedule, double base, int totalEpochs, int stepSize, double gamma) {

    static LearningRate of(Hyperparameters hp, int totalEpochs) {
        double lr = hp.real("lr");
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new InvalidTrialException("hyperparameter lr is " + lr + ", but must be > 0");
        }
        return new LearningRate(hp.choice("schedule"), lr, totalEpochs, hp.positive("stepSize"), hp.real("gamma"));
    }

    /** Rate at {@code epoch} after {@code fractionOfEpoch} (0..1) of its steps. */
    float at(int epoch, double fractionOfEpoch) {
        return (float) switch (schedule) {
            case "cosine" -> base * 0.5 * (1 + Math.cos(Math.PI * (epoch + fractionOfEpoch) / totalEpochs));
            case "step" -> base * Math.pow(gamma, epoch / stepSize);
            default -> base;
        };
    }
}
