package dev.milotune.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Condition;
import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.space.Parameter;
import dev.milotune.space.SearchSpace;
import dev.milotune.study.Direction;
import dev.milotune.study.ModelFamily;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudySpec.DatasetSpec;
import dev.milotune.study.StudySpec.FinalRetrain;
import dev.milotune.study.StudySpec.FinalSelection;
import dev.milotune.study.StudySpec.Fidelity;
import dev.milotune.study.StudySpec.ModelSpec;
import dev.milotune.study.StudySpec.Objective;
import dev.milotune.study.StudySpec.SamplerKind;
import dev.milotune.study.StudySpec.SamplerSpec;
import dev.milotune.study.StudySpec.SchedulerKind;
import dev.milotune.study.StudySpec.SchedulerSpec;
import dev.milotune.study.StudySpec.SubsetSpec;
import dev.milotune.study.StudySpec.SubsetStrategy;
import dev.milotune.study.StudySpec.WorkerSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a study spec from JSON, strictly: unknown fields, wrong types and values outside their
 * rules are rejected with the field's path, the value and the rule (Optuna's message style). Every
 * default is applied here, so the stored spec reads back to the same study.
 *
 * <p>The format is documented in docs/study-spec.md.
 */
public final class StudySpecReader {

    /** Limits that keep one study from swamping the service. */
    public static final int MAX_TRIALS = 10_000;
    public static final int MAX_PARAMETERS = 50;
    public static final int MAX_CHOICES = 1_000;
    public static final int MAX_EPOCHS = 1_000;
    /** Longest string a fixed value or a choice may be: the allowed ones are short words. */
    public static final int MAX_STRING_CHOICE = 200;
    public static final Set<String> METRICS = Set.of("validation_accuracy", "validation_loss");


    private static final ObjectMapper JSON = new ObjectMapper();

    private StudySpecReader() {
    }

    /** Parses and validates; {@code defaultSeed} is used when the spec names none (and is then recorded). */
    public static StudySpec read(String json, long defaultSeed) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("body", InvalidSpecException.abbreviate(json), "must be a JSON object (" + e.getOriginalMessage() + ")");
        }
        return read(root, defaultSeed);
    }

    public static StudySpec read(JsonNode root, long defaultSeed) {
        Obj spec = Obj.of(root, "spec");
        spec.allow("name", "dataset", "model", "searchSpace", "objective", "sampler", "scheduler", "maxTrials",
                "maxConcurrentTrials", "subset", "seed", "finalSelection", "finalRetrain", "worker");

        String name = spec.text("name").orElseThrow(() -> missing("name"));
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidSpecException("name", InvalidSpecException.abbreviate(name), "must be 1 to 200 characters");
        }

        Obj dataset = spec.obj("dataset").orElseThrow(() -> missing("dataset"));
        dataset.allow("name", "encoder");
        DatasetSpec datasetSpec = new DatasetSpec(dataset.text("name").orElseThrow(() -> missing("dataset.name")),
                dataset.text("encoder").orElse("default"));
        DatasetSpec.checkName("dataset.name", datasetSpec.name());
        if (datasetSpec.encoder().length() > 100) {
            throw new InvalidSpecException("dataset.encoder", InvalidSpecException.abbreviate(datasetSpec.encoder()),
                    "must be at most 100 characters");
        }

        Obj model = spec.obj("model").orElseThrow(() -> missing("model"));
        model.allow("family", "epochs", "fixed");
        String familyId = model.text("family").orElseThrow(() -> missing("model.family"));
        ModelFamily family = ModelFamily.byId(familyId)
                .orElseThrow(() -> new InvalidSpecException("model.family", familyId, "must be one of " + ModelFamily.ids()));
        int epochs = model.integer("epochs").orElse(10);
        range("model.epochs", epochs, 1, MAX_EPOCHS);
        Map<String, Object> fixed = model.obj("fixed").map(f -> fixedValues(f, family)).orElse(Map.of());

        SearchSpace space = searchSpace(spec.obj("searchSpace").orElseThrow(() -> missing("searchSpace")), family, fixed);
        checkTrainingMemory(family, fixed, space);

        Obj objective = spec.obj("objective").orElse(Obj.empty("objective"));
        objective.allow("metric", "direction", "validationSample");
        String metric = objective.text("metric").orElse("validation_accuracy");
        if (family.builtIn() && !METRICS.contains(metric)) {
            throw new InvalidSpecException("objective.metric", metric, "must be one of " + List.copyOf(new java.util.TreeSet<>(METRICS)));
        }
        if (!StudySpec.Objective.METRIC.matcher(metric).matches()) {
            throw new InvalidSpecException("objective.metric", InvalidSpecException.abbreviate(metric), "must match " + StudySpec.Objective.METRIC.pattern());
        }
        Direction natural = metric.endsWith("loss") ? Direction.MINIMIZE : Direction.MAXIMIZE;
        Direction direction = objective.text("direction").map(d -> enumValue(Direction.class, "objective.direction", d)).orElse(natural);
        // An external worker's metric means what its worker says: either direction may be asked for.
        if (family.builtIn() && direction != natural) {
            throw new InvalidSpecException("objective.direction", direction.name().toLowerCase(Locale.ROOT),
                    "must be " + natural.name().toLowerCase(Locale.ROOT) + " for " + metric);
        }
        double validationSample = objective.number("validationSample").orElse(1.0);
        if (!(validationSample >= 0.01 && validationSample <= 1)) {
            throw new InvalidSpecException("objective.validationSample", validationSample, "must be in [0.01, 1]");
        }
        if (!family.builtIn() && validationSample != 1) {
            throw new InvalidSpecException("objective.validationSample", validationSample, "must be 1 for model family " + family.id()
                    + ": its workers validate on data of their own");
        }

        Obj sampler = spec.obj("sampler").orElse(Obj.empty("sampler"));
        sampler.allow("type", "startupTrials", "gamma", "candidates");
        SamplerSpec samplerSpec = new SamplerSpec(
                sampler.text("type").map(t -> enumValue(SamplerKind.class, "sampler.type", t)).orElse(SamplerKind.TPE),
                sampler.integer("startupTrials").orElse(10), sampler.number("gamma").orElse(0.25),
                sampler.integer("candidates").orElse(24));
        range("sampler.startupTrials", samplerSpec.startupTrials(), 1, MAX_TRIALS);
        if (!(samplerSpec.gamma() > 0 && samplerSpec.gamma() < 1)) {
            throw new InvalidSpecException("sampler.gamma", samplerSpec.gamma(), "must be in (0, 1)");
        }
        range("sampler.candidates", samplerSpec.candidates(), 1, 10_000);
        if (samplerSpec.kind() == SamplerKind.GRID && space.gridSize().isEmpty()) {
            throw new InvalidSpecException("sampler.type", "grid", "needs a finite search space (categorical, int or stepped float parameters only)");
        }
        // The grid sampler holds every point of the grid while the study runs.
        if (samplerSpec.kind() == SamplerKind.GRID && space.gridSize().getAsLong() > SearchSpace.MAX_GRID_POINTS) {
            throw new InvalidSpecException("searchSpace", space.gridSize().getAsLong() + " grid points",
                    "must have at most " + SearchSpace.MAX_GRID_POINTS + " grid points for grid search; use fewer choices or"
                            + " larger steps, or the random or tpe sampler");
        }

        Obj scheduler = spec.obj("scheduler").orElse(Obj.empty("scheduler"));
        scheduler.allow("type", "fidelity", "r", "R", "eta", "s", "brackets");
        SchedulerKind kind = scheduler.text("type").map(t -> enumValue(SchedulerKind.class, "scheduler.type", t)).orElse(SchedulerKind.ASHA);
        Fidelity fidelity = scheduler.text("fidelity").map(t -> enumValue(Fidelity.class, "scheduler.fidelity", t)).orElse(Fidelity.EPOCHS);
        int r = scheduler.integer("r").orElse(1);
        int eta = scheduler.integer("eta").orElse(3);
        int s = scheduler.integer("s").orElse(0);
        int brackets = scheduler.integer("brackets").orElse(1);
        range("scheduler.r", r, 1, MAX_EPOCHS);
        range("scheduler.eta", eta, 2, 100);
        range("scheduler.s", s, 0, 20);
        range("scheduler.brackets", brackets, 1, 20);
        int bigR = scheduler.integer("R").orElse(epochs);
        if (fidelity == Fidelity.EPOCHS && bigR != epochs) {
            throw new InvalidSpecException("scheduler.R", bigR, "must equal model.epochs (" + epochs + ") when the fidelity is epochs");
        }
        range("scheduler.R", bigR, r, MAX_EPOCHS);

        int maxTrials = spec.integer("maxTrials").orElse(20);
        range("maxTrials", maxTrials, 1, MAX_TRIALS);
        int maxConcurrent = spec.integer("maxConcurrentTrials").orElse(4);
        range("maxConcurrentTrials", maxConcurrent, 1, 1_000);

        Obj subset = spec.obj("subset").orElse(Obj.empty("subset"));
        subset.allow("strategy", "fraction", "kappa", "interval");
        SubsetStrategy strategy = subset.text("strategy").map(t -> enumValue(SubsetStrategy.class, "subset.strategy", t)).orElse(SubsetStrategy.MILO);
        double fraction = subset.number("fraction").orElse(strategy == SubsetStrategy.FULL ? 1.0 : 0.1);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new InvalidSpecException("subset.fraction", fraction, "must be in (0, 1]");
        }
        if (strategy == SubsetStrategy.FULL && fraction != 1.0) {
            throw new InvalidSpecException("subset.fraction", fraction, "must be 1 for the full strategy");
        }
        double kappa = subset.number("kappa").orElse(1.0 / 6);
        if (!(kappa >= 0 && kappa <= 1)) {
            throw new InvalidSpecException("subset.kappa", kappa, "must be in [0, 1]");
        }
        int interval = subset.integer("interval").orElse(1);
        range("subset.interval", interval, 1, MAX_EPOCHS);
        if (fidelity == Fidelity.DATA && strategy == SubsetStrategy.FULL) {
            throw new InvalidSpecException("scheduler.fidelity", "data", "needs a subset strategy other than full");
        }

        long seed = spec.longValue("seed").orElse(defaultSeed);

        Obj selection = spec.obj("finalSelection").orElse(Obj.empty("finalSelection"));
        selection.allow("topK", "epochs");
        FinalSelection finalSelection = new FinalSelection(selection.integer("topK").orElse(0), selection.integer("epochs").orElse(1));
        range("finalSelection.topK", finalSelection.topK(), 0, 100);
        range("finalSelection.epochs", finalSelection.epochs(), 1, epochs);
        if (finalSelection.enabled() && finalSelection.topK() > maxTrials) {
            throw new InvalidSpecException("finalSelection.topK", finalSelection.topK(), "must be at most maxTrials (" + maxTrials + ")");
        }

        Obj retrain = spec.obj("finalRetrain").orElse(Obj.empty("finalRetrain"));
        retrain.allow("enabled", "repeats");
        FinalRetrain finalRetrain = new FinalRetrain(retrain.bool("enabled").orElse(true), retrain.integer("repeats").orElse(1));
        range("finalRetrain.repeats", finalRetrain.repeats(), 1, 10);

        Obj worker = spec.obj("worker").orElse(Obj.empty("worker"));
        worker.allow("pool");
        WorkerSpec workerSpec = new WorkerSpec(worker.text("pool").orElse(WorkerSpec.BUILTIN));
        if (!family.builtIn() && workerSpec.pool().equals(WorkerSpec.BUILTIN)) {
            throw new InvalidSpecException("worker.pool", workerSpec.pool(), "must name the pool of your own workers, not "
                    + WorkerSpec.BUILTIN + ", for model family " + family.id() + " (the built-in worker trains only its own families)");
        }

        return new StudySpec(name, datasetSpec, new ModelSpec(family.id(), epochs, fixed), space,
                new Objective(metric, direction, validationSample), samplerSpec,
                new SchedulerSpec(kind, fidelity, r, bigR, eta, s, brackets),
                maxTrials, maxConcurrent, new SubsetSpec(strategy, fraction, kappa, interval), seed, finalSelection, finalRetrain, workerSpec);
    }

    private static Map<String, Object> fixedValues(Obj fixed, ModelFamily family) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : fixed.names()) {
            String field = "model.fixed." + name;
            if (!family.knows(name)) {
                throw unknownHyperparameter(field, name, family);
            }
            Object value = scalar(fixed.node(name), field);
            allowedValue(field, family, name, value);
            values.put(name, value);
        }
        return values;
    }

    private static SearchSpace searchSpace(Obj node, ModelFamily family, Map<String, Object> fixed) {
        List<String> names = node.names();
        if (names.isEmpty() || names.size() > MAX_PARAMETERS) {
            throw new InvalidSpecException("searchSpace", names.size() + " parameters", "must have 1 to " + MAX_PARAMETERS);
        }
        List<Parameter> parameters = new ArrayList<>();
        for (String name : names) {
            String field = "searchSpace." + name;
            if (!family.knows(name)) {
                throw unknownHyperparameter(field, name, family);
            }
            if (fixed.containsKey(name)) {
                throw new InvalidSpecException(field, name, "is also fixed in model.fixed; tune it or fix it, not both");
            }
            Obj p = Obj.of(node.node(name), field);
            p.allow("type", "low", "high", "log", "step", "choices", "condition");
            String type = p.text("type").orElseThrow(() -> missing(field + ".type"));
            Optional<Condition> condition = p.obj("condition").map(c -> {
                c.allow("parent", "values");
                String parent = c.text("parent").orElseThrow(() -> missing(field + ".condition.parent"));
                List<Object> values = c.list("values").orElseThrow(() -> missing(field + ".condition.values"))
                        .stream().map(v -> scalar(v, field + ".condition.values")).toList();
                return new Condition(parent, values);
            });
            Parameter parameter = switch (type) {
                case "float" -> {
                    p.deny("choices");
                    yield new FloatParameter(name, p.number("low").orElseThrow(() -> missing(field + ".low")),
                            p.number("high").orElseThrow(() -> missing(field + ".high")), p.bool("log").orElse(false),
                            p.number("step"), condition);
                }
                case "int" -> {
                    p.deny("choices");
                    yield new IntParameter(name, p.longValue("low").orElseThrow(() -> missing(field + ".low")),
                            p.longValue("high").orElseThrow(() -> missing(field + ".high")), p.bool("log").orElse(false),
                            p.longValue("step").orElse(1L), condition);
                }
                case "categorical" -> {
                    p.deny("low", "high", "log", "step");
                    List<JsonNode> choiceNodes = p.list("choices").orElseThrow(() -> missing(field + ".choices"));
                    if (choiceNodes.isEmpty() || choiceNodes.size() > MAX_CHOICES) {
                        throw new InvalidSpecException(field + ".choices", choiceNodes.size() + " choices", "must have 1 to " + MAX_CHOICES);
                    }
                    List<Object> choices = new ArrayList<>();
                    for (JsonNode c : choiceNodes) {
                        Object value = scalar(c, field + ".choices");
                        allowedValue(field + ".choices", family, name, value);
                        choices.add(value);
                    }
                    yield new CategoricalParameter(name, choices, condition);
                }
                default -> throw new InvalidSpecException(field + ".type", type, "must be one of float, int, categorical");
            };
            withinBound(field, family, parameter);
            parameters.add(parameter);
        }
        return new SearchSpace(parameters);
    }

    private static InvalidSpecException unknownHyperparameter(String field, String name, ModelFamily family) {
        if (!family.builtIn()) {
            return new InvalidSpecException(field, InvalidSpecException.abbreviate(name), "must match " + ModelFamily.EXTERNAL_NAME.pattern()
                    + " (a parameter name of model family " + family.id() + ")");
        }
        return new InvalidSpecException(field, name, "is not a hyperparameter of model family " + family.id()
                + "; known: " + family.defaults().keySet());
    }

    private static void allowedValue(String field, ModelFamily family, String hyperparameter, Object value) {
        if (!family.builtIn()) {
            return;
        }
        Set<Object> allowed = ModelFamily.ALLOWED.get(hyperparameter);
        if (allowed != null && !allowed.contains(value)) {
            throw new InvalidSpecException(field, value, "must be one of " + allowed.stream().map(String::valueOf).sorted().toList());
        }
        family.bound(hyperparameter).ifPresent(bound -> {
            if (!bound.contains(value)) {
                throw new InvalidSpecException(field, value, bound.rule() + " for " + hyperparameter);
            }
        });
    }

    /** Both ends of a numeric range lie in the hyperparameter's bound, and every value it can give does. */
    private static void withinBound(String field, ModelFamily family, Parameter parameter) {
        Optional<ModelFamily.Bound> found = family.bound(parameter.name());
        if (found.isEmpty() || parameter instanceof CategoricalParameter) {
            return;
        }
        ModelFamily.Bound bound = found.get();
        String rule = bound.rule() + " for " + parameter.name();
        if (parameter instanceof FloatParameter f) {
            if (bound.integral()) {
                throw new InvalidSpecException(field + ".type", "float", "must be int or categorical: " + parameter.name() + " is an integer");
            }
            if (!bound.contains(f.low())) {
                throw new InvalidSpecException(field + ".low", f.low(), rule);
            }
            if (!bound.contains(f.high())) {
                throw new InvalidSpecException(field + ".high", f.high(), rule);
            }
        } else if (parameter instanceof IntParameter i) {
            if (!bound.contains(i.low())) {
                throw new InvalidSpecException(field + ".low", i.low(), rule);
            }
            if (!bound.contains(i.high())) {
                throw new InvalidSpecException(field + ".high", i.high(), rule);
            }
            if (bound.odd() && (i.log() || i.step() % 2 != 0)) {
                throw new InvalidSpecException(field + ".step", i.step(), "must be even (and log false) so that every value of "
                        + parameter.name() + " is odd");
            }
        }
    }

    /**
     * The largest model the spec can produce must fit {@link ModelFamily#MAX_TRAINING_BYTES}: every
     * size hyperparameter at its largest value, and (since more conv blocks shrink the dense layer
     * behind them) each possible number of conv blocks tried.
     */
    private static void checkTrainingMemory(ModelFamily family, Map<String, Object> fixed, SearchSpace space) {
        if (!family.builtIn()) {
            return; // its own workers size its models
        }
        Map<String, Double> largest = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : family.sizeHyperparameters()) {
            if (fixed.containsKey(name)) {
                largest.put(name, ((Number) fixed.get(name)).doubleValue());
                fields.put(name, "model.fixed." + name);
            } else if (space.parameter(name).isPresent()) {
                largest.put(name, extreme(space.parameter(name).get(), true));
                fields.put(name, "searchSpace." + name);
            } else {
                largest.put(name, ((Number) family.defaults().get(name)).doubleValue());
            }
        }
        List<Double> convLayers = List.of(0.0);
        if (largest.containsKey("convLayers")) {
            double fewest = space.parameter("convLayers").map(p -> extreme(p, false)).orElse(largest.get("convLayers"));
            List<Double> counts = new ArrayList<>();
            for (double n = fewest; n <= largest.get("convLayers"); n++) {
                counts.add(n);
            }
            convLayers = counts;
        }
        double bytes = 0;
        for (double n : convLayers) {
            Map<String, Double> config = new LinkedHashMap<>(largest);
            if (config.containsKey("convLayers")) {
                config.put("convLayers", n);
            }
            bytes = Math.max(bytes, family.trainingBytes(config));
        }
        if (bytes > ModelFamily.MAX_TRAINING_BYTES) {
            List<String> named = fields.isEmpty() ? List.of("model.family") : List.copyOf(fields.values());
            StringBuilder value = new StringBuilder();
            largest.forEach((name, v) -> value.append(value.length() == 0 ? "" : ", ").append(name).append(' ').append(v.longValue()));
            value.append(String.format(Locale.ROOT, " need about %.1f GiB", bytes / (1L << 30)));
            throw new InvalidSpecException(String.join(", ", named), value.toString(),
                    "must need at most " + (ModelFamily.MAX_TRAINING_BYTES >> 30) + " GiB to train (4 bytes x 4 per parameter for"
                            + " weights, gradients and Adam moments, plus a batch's activations); lower the largest of "
                            + family.sizeHyperparameters());
        }
    }

    /** The largest (or smallest) numeric value a parameter of the space can take. */
    private static double extreme(Parameter p, boolean largest) {
        if (p instanceof FloatParameter f) {
            return largest ? f.high() : f.low();
        }
        if (p instanceof IntParameter i) {
            return largest ? i.high() : i.low();
        }
        return ((CategoricalParameter) p).choices().stream().mapToDouble(c -> ((Number) c).doubleValue())
                .reduce(largest ? Math::max : Math::min).orElseThrow();
    }

    private static Object scalar(JsonNode node, String field) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new InvalidSpecException(field, node.toString(), "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            if (node.textValue().length() > MAX_STRING_CHOICE) {
                throw new InvalidSpecException(field, InvalidSpecException.abbreviate(node.textValue()),
                        "must be at most " + MAX_STRING_CHOICE + " characters");
            }
            return node.textValue();
        }
        throw new InvalidSpecException(field, node.toString(), "must be a number, a string or a boolean");
    }

    private static void range(String field, long value, long low, long high) {
        if (value < low || value > high) {
            throw new InvalidSpecException(field, value, "must be between " + low + " and " + high);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new InvalidSpecException(field, value, "must be one of " + names);
    }

    private static InvalidSpecException missing(String field) {
        return new InvalidSpecException(field, null, "is required");
    }

    /** A JSON object read field by field, each access checking the type and naming the path. */
    private record Obj(ObjectNode node, String path) {

        static Obj of(JsonNode node, String path) {
            if (!(node instanceof ObjectNode object)) {
                throw new InvalidSpecException(path, node == null ? null : node.toString(), "must be a JSON object");
            }
            return new Obj(object, path);
        }

        static Obj empty(String path) {
            return new Obj(JSON.createObjectNode(), path);
        }

        private String field(String name) {
            return path.equals("spec") ? name : path + "." + name;
        }

        void allow(String... known) {
            Set<String> allowed = Set.of(known);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw new InvalidSpecException(field(name), name, "is not a known field; known: " + List.of(known));
                }
            }
        }

        void deny(String... names) {
            for (String name : names) {
                if (node.has(name)) {
                    throw new InvalidSpecException(field(name), node.get(name).toString(), "does not apply to this parameter type");
                }
            }
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        JsonNode node(String name) {
            return node.get(name);
        }

        private Optional<JsonNode> present(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        Optional<String> text(String name) {
            return present(name).map(v -> {
                if (!v.isTextual()) {
                    throw new InvalidSpecException(field(name), v.toString(), "must be a string");
                }
                return v.textValue();
            });
        }

        Optional<Integer> integer(String name) {
            return longValue(name).map(v -> {
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new InvalidSpecException(field(name), v, "must be an integer between " + Integer.MIN_VALUE + " and "
                            + Integer.MAX_VALUE);
                }
                return v.intValue();
            });
        }

        /** A whole number within 64 bits; 5.0 is 5, but 5.5, 1e30 and 2^64 + 5 are errors, never rounded or wrapped. */
        Optional<Long> longValue(String name) {
            return present(name).map(v -> {
                if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
                    throw new InvalidSpecException(field(name), v.toString(), "must be an integer");
                }
                if (!v.canConvertToLong()) {
                    throw new InvalidSpecException(field(name), v.toString(),
                            "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
                }
                return v.longValue();
            });
        }

        Optional<Double> number(String name) {
            return present(name).map(v -> {
                if (!v.isNumber()) {
                    throw new InvalidSpecException(field(name), v.toString(), "must be a number");
                }
                return v.doubleValue();
            });
        }

        Optional<Boolean> bool(String name) {
            return present(name).map(v -> {
                if (!v.isBoolean()) {
                    throw new InvalidSpecException(field(name), v.toString(), "must be true or false");
                }
                return v.booleanValue();
            });
        }

        Optional<Obj> obj(String name) {
            return present(name).map(v -> Obj.of(v, field(name)));
        }

        Optional<List<JsonNode>> list(String name) {
            return present(name).map(v -> {
                if (!v.isArray()) {
                    throw new InvalidSpecException(field(name), v.toString(), "must be a JSON array");
                }
                List<JsonNode> items = new ArrayList<>();
                v.forEach(items::add);
                return items;
            });
        }
    }
}
