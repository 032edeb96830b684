package dev.milotune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.data.DatasetKind;
import dev.milotune.data.Datasets;
import java.util.List;
import java.util.Objects;

/**
 * The base design every arm shares (an MLP on a dataset's feature rows, or on MiniLM embeddings
 * for text; TPE + ASHA as in the MILO paper's protocol) and the arms of a preset. {@link #specJson(Arm)} turns an arm into the
 * study spec that is submitted; the files in {@code examples/bench/} are these specs.
 *
 * @param epochs E, epochs of a full training run (ASHA: r 1, R E, eta 3)
 * @param trials search trials per arm
 * @param startupTrials TPE's random start-up trials
 * @param concurrent segments of a study in training at once
 * @param retrains full-data retrains of each arm's chosen configuration (different seeds)
 */
public record BenchDesign(String preset, String dataset, int epochs, int trials, int startupTrials, int concurrent, int retrains,
        long seed, List<Arm> arms) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchDesign {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(dataset, "dataset");
        arms = List.copyOf(arms);
        if (arms.isEmpty() || !arms.get(0).isBaseline()) {
            throw new IllegalArgumentException("the first arm must be the baseline " + Arm.BASELINE);
        }
        if (arms.stream().map(Arm::id).distinct().count() != arms.size()) {
            throw new IllegalArgumentException("arm ids must be unique");
        }
    }

    /**
     * {@code quick}: six arms, 10 trials of 9 epochs, 2 retrains (9 minutes on 2 cores with the training experiment).
     * {@code full}: the complete grid (full data with ASHA and without early stopping; MILO,
     * random and adaptive-random at 1, 5 and 10 %; MILO with data fidelity), 16 trials, 3 retrains (20 minutes on 2 cores).
     * {@code claim}: the quick design with 3 retrains and the arms the claim is judged on, for the run
     * over ten or more seeds: full data (ASHA, and no early stopping for the rank and regret), MILO 1 %
     * alone, with low rungs scored on 20 % of the validation split, with the full-data check of its
     * top 3, and with both; MILO 10 % alone and with the check; random and adaptive-random 1 %
     * (about 4 minutes a seed on 2 cores with the peer).
     * {@code wide}: issue 17's realistic MLP study: 64 trials (10 start-up) over a space where the
     * choice matters ({@link #wide()}), full data with and without ASHA, MILO 1 % (alone, with the
     * validation sample, with the check and the sample), random and adaptive-random 1 %; 3 retrains.
     * Full data without early stopping trains 64 x 9 full epochs: leave it out with {@code --arms}
     * unless the rank and regret are wanted.
     */
    public static BenchDesign preset(String name, String dataset) {
        return switch (name) {
            case "quick" -> new BenchDesign("quick", dataset, 9, 10, 5, 2, 2, 42, List.of(
                    Arm.full("asha"), Arm.full("none"),
                    Arm.subset("milo", 0.10), Arm.subset("milo", 0.05),
                    Arm.subset("random", 0.10), Arm.subset("adaptive-random", 0.10)));
            case "full" -> new BenchDesign("full", dataset, 9, 16, 6, 2, 3, 42, List.of(
                    Arm.full("asha"), Arm.full("none"),
                    Arm.subset("milo", 0.01), Arm.subset("milo", 0.05), Arm.subset("milo", 0.10),
                    Arm.subset("random", 0.01), Arm.subset("random", 0.05), Arm.subset("random", 0.10),
                    Arm.subset("adaptive-random", 0.01), Arm.subset("adaptive-random", 0.05),
                    Arm.subset("adaptive-random", 0.10),
                    Arm.miloDataFidelity(0.10)));
            case "claim" -> new BenchDesign("claim", dataset, 9, 10, 5, 2, 3, 42, List.of(
                    Arm.full("asha"), Arm.full("none"),
                    Arm.subset("milo", 0.01), Arm.subset("milo", 0.01).withValidationSample(0.2), Arm.subset("milo", 0.01).withCheck(3),
                    Arm.subset("milo", 0.01).withCheck(3).withValidationSample(0.2),
                    Arm.subset("milo", 0.10), Arm.subset("milo", 0.10).withCheck(3),
                    Arm.subset("random", 0.01), Arm.subset("adaptive-random", 0.01),
                    // A stronger check (issue 14): more leaders, more full-data epochs each.
                    Arm.subset("milo", 0.01).withCheck(5, 3)));
            case "wide" -> new BenchDesign("wide", dataset, 9, 64, 10, 2, 3, 42, List.of(
                    Arm.full("asha"), Arm.full("none"),
                    Arm.subset("milo", 0.01), Arm.subset("milo", 0.01).withValidationSample(0.2),
                    Arm.subset("milo", 0.01).withCheck(3).withValidationSample(0.2),
                    Arm.subset("random", 0.01), Arm.subset("adaptive-random", 0.01)));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "': must be quick, full, claim or wide");
        };
    }

    /**
     * The {@code wide} preset's space: lr log-U(1e-4, 1e-1), hidden {64, 128, 256}, layers 1-3, dropout
     * U(0, 0.5), weight decay log-U(1e-6, 1e-2), batch size {64, 128, 256, 512}, optimizer {adam, sgd}
     * (momentum for sgd); the others search lr, hidden and optimizer at batch size 128.
     */
    public boolean wide() {
        return preset.equals("wide");
    }

    /** Text sets train an MLP head on MiniLM embeddings; image sets an MLP on pixel-PCA features. */
    public boolean text() {
        return Datasets.kind(dataset).orElse(DatasetKind.IMAGE) == DatasetKind.TEXT;
    }

    /** The model family every arm trains: {@code embedding-mlp} for text, {@code mlp} for images. */
    public String family() {
        return text() ? "embedding-mlp" : "mlp";
    }

    /** The encoder of MILO's embedding (and, for text, of the model's inputs): MiniLM or pixel-PCA. */
    public String encoder() {
        return text() ? "minilm" : "pixel-pca";
    }

    /** The same design with another study seed (sampler, trial and retrain seeds derive from it). */
    public BenchDesign withSeed(long newSeed) {
        return new BenchDesign(preset, dataset, epochs, trials, startupTrials, concurrent, retrains, newSeed, arms);
    }

    /** The same design with only these arms. */
    public BenchDesign withArms(List<Arm> newArms) {
        return new BenchDesign(preset, dataset, epochs, trials, startupTrials, concurrent, retrains, seed, newArms);
    }

    /** The study name of an arm. */
    public String studyName(Arm arm) {
        return "bench-" + preset + "-" + dataset + "-" + arm.id();
    }

    /** Name, dataset with its encoder, and model (the design's family and epochs): what every spec shares. */
    private ObjectNode base(String name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.putObject("dataset").put("name", dataset).put("encoder", encoder());
        root.putObject("model").put("family", family()).put("epochs", epochs);
        return root;
    }

    /** The study spec of an arm, as submitted (docs/study-spec.md). */
    public ObjectNode spec(Arm arm) {
        ObjectNode root = base(studyName(arm));
        if (!wide()) {
            ((ObjectNode) root.get("model")).putObject("fixed").put("batchSize", 128);
        }
        ObjectNode space = root.putObject("searchSpace");
        ObjectNode lr = space.putObject("lr");
        lr.put("type", "float").put("low", 0.0001).put("high", wide() ? 0.1 : 0.03).put("log", true);
        ObjectNode hidden = space.putObject("hidden");
        hidden.put("type", "categorical");
        hidden.putArray("choices").add(64).add(128).add(256);
        if (wide()) {
            space.putObject("layers").put("type", "int").put("low", 1).put("high", 3);
            space.putObject("dropout").put("type", "float").put("low", 0.0).put("high", 0.5);
            space.putObject("weightDecay").put("type", "float").put("low", 1e-6).put("high", 1e-2).put("log", true);
            ObjectNode batch = space.putObject("batchSize");
            batch.put("type", "categorical");
            batch.putArray("choices").add(64).add(128).add(256).add(512);
        }
        ObjectNode optimizer = space.putObject("optimizer");
        optimizer.put("type", "categorical");
        optimizer.putArray("choices").add("adam").add("sgd");
        ObjectNode momentum = space.putObject("momentum");
        momentum.put("type", "float").put("low", 0.5).put("high", 0.99);
        ObjectNode condition = momentum.putObject("condition");
        condition.put("parent", "optimizer");
        ArrayNode values = condition.putArray("values");
        values.add("sgd");
        ObjectNode objective = root.putObject("objective");
        objective.put("metric", "validation_accuracy").put("direction", "maximize");
        if (arm.validationSample() < 1) {
            objective.put("validationSample", arm.validationSample());
        }
        root.putObject("sampler").put("type", "tpe").put("startupTrials", startupTrials);
        ObjectNode scheduler = root.putObject("scheduler");
        scheduler.put("type", arm.scheduler());
        if (arm.fidelity().equals("data")) {
            scheduler.put("fidelity", "data").put("r", 1).put("eta", 3);
        } else if (arm.scheduler().equals("asha")) {
            scheduler.put("r", 1).put("R", epochs).put("eta", 3);
        }
        root.put("maxTrials", trials);
        root.put("maxConcurrentTrials", concurrent);
        ObjectNode subset = root.putObject("subset");
        subset.put("strategy", arm.strategy());
        if (!arm.strategy().equals("full")) {
            subset.put("fraction", arm.fraction());
        }
        root.put("seed", seed);
        if (arm.checkTopK() > 0) {
            root.putObject("finalSelection").put("topK", arm.checkTopK()).put("epochs", arm.checkEpochs());
        }
        root.putObject("finalRetrain").put("enabled", true).put("repeats", retrains);
        return root;
    }

    /**
     * The training experiment's curves: one fixed configuration ({@link #spec(Arm)}'s space, adam,
     * lr 0.003, 256 hidden units) trained once for E epochs on full data, MILO 10 % and 30 % and
     * random 10 %, without early stopping or retrain.
     */
    public List<Arm> trainingArms() {
        return List.of(new Arm("train-full", "full", 1.0, "none", "epochs"), new Arm("train-milo-10", "milo", 0.10, "none", "epochs"),
                new Arm("train-milo-30", "milo", 0.30, "none", "epochs"), new Arm("train-random-10", "random", 0.10, "none", "epochs"));
    }

    /** The spec of one training-experiment curve: one trial of the fixed configuration. */
    public ObjectNode trainingSpec(Arm arm) {
        ObjectNode root = base(studyName(arm));
        ((ObjectNode) root.get("model")).putObject("fixed").put("batchSize", 128).put("lr", 0.003).put("optimizer", "adam");
        ObjectNode hidden = root.putObject("searchSpace").putObject("hidden");
        hidden.put("type", "categorical");
        hidden.putArray("choices").add(256);
        root.putObject("objective").put("metric", "validation_accuracy").put("direction", "maximize");
        root.putObject("sampler").put("type", "random");
        root.putObject("scheduler").put("type", "none");
        root.put("maxTrials", 1);
        root.put("maxConcurrentTrials", 1);
        ObjectNode subset = root.putObject("subset");
        subset.put("strategy", arm.strategy());
        if (!arm.strategy().equals("full")) {
            subset.put("fraction", arm.fraction());
        }
        root.put("seed", seed);
        root.putObject("finalRetrain").put("enabled", false);
        return root;
    }

    /** {@link #spec(Arm)} as pretty-printed JSON with a final newline (the form of the committed example files). */
    public String specJson(Arm arm) {
        return pretty(spec(arm));
    }

    public String trainingSpecJson(Arm arm) {
        return pretty(trainingSpec(arm));
    }

    private static String pretty(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** File name of an arm's spec: its position and id, e.g. {@code 01-full-asha.json}. */
    public String fileName(Arm arm) {
        return String.format(java.util.Locale.ROOT, "%02d-%s.json", arms.indexOf(arm) + 1, arm.id());
    }
}
