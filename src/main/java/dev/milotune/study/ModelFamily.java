package dev.milotune.study;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model families a worker can train, and the hyperparameters each understands with their
 * defaults. A study's search space and fixed settings may only name these; the worker fills in
 * the defaults for the rest.
 */
public enum ModelFamily {
    /** A multi-layer perceptron over feature rows (flattened images, tabular rows). */
    MLP("mlp", Map.of("hidden", 256L, "layers", 1L, "dropout", 0.0, "activation", "relu")),
    /** A small CNN for 28 x 28 single-channel images: conv blocks, then one hidden layer. */
    CNN("cnn", Map.of("channels", 32L, "convLayers", 2L, "kernel", 3L, "hidden", 128L, "dropout", 0.0, "activation", "relu")),
    /** An MLP head over frozen sentence embeddings of a text dataset (the encoder's vectors). */
    EMBEDDING_MLP("embedding-mlp", Map.of("hidden", 256L, "layers", 1L, "dropout", 0.0, "activation", "relu")),
    /** A trainable text model over tokens: hashed token embeddings averaged (an embedding bag), then a linear layer. */
    TEXT_BAG("text-bag", Map.of("embeddingDim", 64L, "vocabSize", 20000L, "maxTokens", 256L));

    /** Settings of the optimiser and training loop, shared by every family. */
    public static final Map<String, Object> TRAINING_DEFAULTS = Map.of(
            "lr", 1e-3,
            "batchSize", 128L,
            "optimizer", "adam",
            "momentum", 0.9,
            "nesterov", false,
            "weightDecay", 0.0,
            "schedule", "constant",
            "stepSize", 10L,
            "gamma", 0.1);

    /** Values a categorical hyperparameter may take. */
    public static final Map<String, Set<Object>> ALLOWED = Map.of(
            "optimizer", Set.of("sgd", "adam", "adamw"),
            "schedule", Set.of("constant", "cosine", "step"),
            "activation", Set.of("relu", "tanh", "sigmoid"),
            "nesterov", Set.of(true, false));

    private final String id;
    private final Map<String, Object> modelDefaults;

    ModelFamily(String id, Map<String, Object> modelDefaults) {
        this.id = id;
        this.modelDefaults = modelDefaults;
    }

    public String id() {
        return id;
    }

    /** Every hyperparameter of this family with its default, training settings included. */
    public Map<String, Object> defaults() {
        Map<String, Object> all = new LinkedHashMap<>(TRAINING_DEFAULTS);
        all.putAll(modelDefaults);
        return all;
    }

    public boolean knows(String hyperparameter) {
        return TRAINING_DEFAULTS.containsKey(hyperparameter) || modelDefaults.containsKey(hyperparameter);
    }

    public static Optional<ModelFamily> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ModelFamily::id).toList();
    }
}
