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
    TEXT_BAG("text-bag", Map.of("embeddingDim", 64L, "vocabSize", 20000L, "maxTokens", 256L)),
    /**
     * A model milotune does not know, trained by workers of the study's own pool: any parameter name,
     * no defaults and no bounds (the worker owns their meaning).
     */
    EXTERNAL("external", Map.of());

    /** What a parameter of the external family may be called. */
    public static final java.util.regex.Pattern EXTERNAL_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

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

    /**
     * The range of every numeric hyperparameter, for fixed values, ranges and choices alike. A name
     * means the same in every family that knows it, so one entry serves them all. The ends keep a
     * trial inside what a shared worker JVM can hold and what the network can be built from.
     */
    public static final Map<String, Bound> BOUNDS = Map.ofEntries(
            Map.entry("lr", Bound.reals(0, true, 10, false)),
            Map.entry("batchSize", Bound.integers(1, 65_536)),
            Map.entry("momentum", Bound.reals(0, false, 1, false)),
            Map.entry("weightDecay", Bound.reals(0, false, 1, false)),
            // A step schedule's period in epochs; a full run has at most 1,000 (StudySpecReader.MAX_EPOCHS).
            Map.entry("stepSize", Bound.integers(1, 1_000)),
            Map.entry("gamma", Bound.reals(0, true, 1, false)),
            Map.entry("hidden", Bound.integers(1, 65_536)),
            Map.entry("layers", Bound.integers(1, 16)),
            // Dropout of 1 would zero every activation (and divide by zero when rescaling).
            Map.entry("dropout", Bound.reals(0, false, 1, true)),
            Map.entry("channels", Bound.integers(1, 1_024)),
            // Each conv block halves the 28 x 28 image: 14, 7, 3, 1; a fifth has nothing left to pool.
            Map.entry("convLayers", Bound.integers(1, 4)),
            // Odd, so that "same" padding (kernel / 2) keeps the image size.
            Map.entry("kernel", Bound.oddIntegers(1, 7)),
            Map.entry("embeddingDim", Bound.integers(1, 4_096)),
            Map.entry("vocabSize", Bound.integers(1, 2_000_000)),
            Map.entry("maxTokens", Bound.integers(1, 4_096)));

    /**
     * The most memory one trial's model may need to train (see {@link #trainingBytes}): the worker
     * JVM is shared by every segment it trains, so one spec must not be able to exhaust it.
     */
    public static final long MAX_TRAINING_BYTES = 2L << 30;

    /**
     * What the estimate assumes of the data, which a spec does not fix: feature rows at most this
     * wide (784 raw pixels, 384 MiniLM dimensions, 128 PCA components), 28 x 28 single-channel
     * images, and at most this many classes.
     */
    static final int ASSUMED_ROW_WIDTH = 1_024;
    static final int IMAGE_SIDE = 28;
    static final int ASSUMED_CLASSES = 100;

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

    /** Trained by the built-in worker (every family but {@link #EXTERNAL}). */
    public boolean builtIn() {
        return this != EXTERNAL;
    }

    /** Every hyperparameter of this family with its default, training settings included (none for external). */
    public Map<String, Object> defaults() {
        if (!builtIn()) {
            return Map.of();
        }
        Map<String, Object> all = new LinkedHashMap<>(TRAINING_DEFAULTS);
        all.putAll(modelDefaults);
        return all;
    }

    public boolean knows(String hyperparameter) {
        if (!builtIn()) {
            return EXTERNAL_NAME.matcher(hyperparameter).matches();
        }
        return TRAINING_DEFAULTS.containsKey(hyperparameter) || modelDefaults.containsKey(hyperparameter);
    }

    /** The range of a numeric hyperparameter of this family; empty for unknown or categorical ones. */
    public Optional<Bound> bound(String hyperparameter) {
        return builtIn() && knows(hyperparameter) ? Optional.ofNullable(BOUNDS.get(hyperparameter)) : Optional.empty();
    }

    /** The hyperparameters that size this family's model and its training memory ({@link #trainingBytes}). */
    public List<String> sizeHyperparameters() {
        return switch (this) {
            case MLP, EMBEDDING_MLP -> List.of("hidden", "layers", "batchSize");
            case CNN -> List.of("channels", "convLayers", "kernel", "hidden", "batchSize");
            case TEXT_BAG -> List.of("vocabSize", "embeddingDim", "batchSize");
            case EXTERNAL -> List.of();
        };
    }

    /**
     * An estimate, in bytes, of the memory training one configuration takes, following the layout of
     * the worker's network: 4-byte floats, 4 per parameter (weights, gradients and Adam's two
     * moments) and 2 per activation of a batch item (values and gradients). {@code hyperparameters}
     * holds a number for each of {@link #sizeHyperparameters()}. Computed in doubles, so that
     * absurd sizes come out large rather than wrapped.
     */
    public double trainingBytes(Map<String, ? extends Number> hyperparameters) {
        double batch = size(hyperparameters, "batchSize");
        double parameters;
        double activations;
        switch (this) {
            case MLP, EMBEDDING_MLP -> {
                double hidden = size(hyperparameters, "hidden");
                double layers = size(hyperparameters, "layers");
                parameters = ASSUMED_ROW_WIDTH * hidden + hidden + (layers - 1) * (hidden * hidden + hidden)
                        + hidden * ASSUMED_CLASSES + ASSUMED_CLASSES;
                // Each hidden layer keeps its linear output, activation and dropout output.
                activations = ASSUMED_ROW_WIDTH + 3 * layers * hidden + 2 * ASSUMED_CLASSES;
            }
            case CNN -> {
                double side = IMAGE_SIDE;
                double in = 1;
                double filters = size(hyperparameters, "channels");
                double kernel = size(hyperparameters, "kernel");
                long convLayers = (long) size(hyperparameters, "convLayers");
                parameters = 0;
                activations = side * side;
                for (long l = 0; l < convLayers; l++) {
                    parameters += kernel * kernel * in * filters + filters;
                    activations += 3 * filters * side * side;
                    in = filters;
                    filters *= 2;
                    side = Math.floor(side / 2);
                }
                double hidden = size(hyperparameters, "hidden");
                parameters += in * side * side * hidden + hidden + hidden * ASSUMED_CLASSES + ASSUMED_CLASSES;
                activations += 3 * hidden + 2 * ASSUMED_CLASSES;
            }
            case TEXT_BAG -> {
                double vocab = size(hyperparameters, "vocabSize");
                double dim = size(hyperparameters, "embeddingDim");
                parameters = vocab * dim + dim * ASSUMED_CLASSES + ASSUMED_CLASSES;
                // A batch is each text's bag of tokens over the whole vocabulary.
                activations = vocab + dim + 2 * ASSUMED_CLASSES;
            }
            default -> throw new IllegalStateException(id);
        }
        return 4 * (4 * parameters + 2 * batch * activations);
    }

    private static double size(Map<String, ? extends Number> hyperparameters, String name) {
        Number value = hyperparameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing; trainingBytes needs " + name);
        }
        return value.doubleValue();
    }

    public static Optional<ModelFamily> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ModelFamily::id).toList();
    }

    /**
     * The interval a numeric hyperparameter must lie in, each end open or closed; {@code integral}
     * values must be whole numbers, {@code odd} ones odd as well.
     */
    public record Bound(double low, boolean lowOpen, double high, boolean highOpen, boolean integral, boolean odd) {

        static Bound integers(long low, long high) {
            return new Bound(low, false, high, false, true, false);
        }

        static Bound oddIntegers(long low, long high) {
            return new Bound(low, false, high, false, true, true);
        }

        static Bound reals(double low, boolean lowOpen, double high, boolean highOpen) {
            return new Bound(low, lowOpen, high, highOpen, false, false);
        }

        /** Whether {@code value} is a number inside the bound (whole, and odd, where required). */
        public boolean contains(Object value) {
            if (!(value instanceof Number n)) {
                return false;
            }
            double x = n.doubleValue();
            if (!(lowOpen ? x > low : x >= low) || !(highOpen ? x < high : x <= high)) {
                return false;
            }
            if (integral && x != Math.rint(x)) {
                return false;
            }
            return !odd || Math.floorMod((long) x, 2L) == 1;
        }

        /** The rule as an error message states it, e.g. {@code "must be an odd integer in [1, 7]"}. */
        public String rule() {
            String interval = (lowOpen ? "(" : "[") + format(low) + ", " + format(high) + (highOpen ? ")" : "]");
            return "must be " + (odd ? "an odd integer" : integral ? "an integer" : "a number") + " in " + interval;
        }

        private String format(double x) {
            return integral || x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
        }
    }
}
