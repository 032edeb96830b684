package dev.milotune.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Configuration;
import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.Parameter;
import dev.milotune.space.SearchSpace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Exact values against Optuna 3.1's own TPE internals: the split of a fixed history with two running
 * trials (constant liar), and ln l(x), ln g(x) of each parameter's Parzen estimator at fixed points.
 * The reference is computed by {@code src/test/resources/sampling/optuna_tpe_reference.py} (its
 * docstring says how Optuna's options are set to our rules) and committed as JSON; no Python at test
 * time.
 *
 * <p>Where the two differ, the reference records both, and this test checks ours and pins the
 * difference:
 * <ul>
 *   <li>Continuous densities: Optuna 3.1's truncated-normal logpdf leaves out each kernel's -ln σ, so
 *       its "log_pdf" does not integrate to 1 (a bug, optuna/optuna#5109, fixed upstream after 3.1
 *       by PR #5110). We compare with Optuna 3.1's estimator with that fix applied; the values as shipped
 *       differ, and with them the best of x's candidates.</li>
 *   <li>Categorical parameters (deliberate, see {@link TpeSampler}): we use smoothed counts, Optuna's
 *       kernels also spread prior_weight/(n+1) over the choices; the reference computes ours with
 *       Optuna's estimator with that smoothing taken to zero.</li>
 *   <li>Log-scale ints (deliberate): we score a value by the mass of its cell, Optuna 3.1 by the
 *       density at ln v (Optuna does as we do since PR #6258). The reference gives both; the densities
 *       are compared too, since they are the same mixture.</li>
 * </ul>
 */
class TpeReferenceTest {

    /**
     * Optuna computes in double precision; our erfc has a relative error below 1.2e-7. It reaches ln
     * l(x) through each kernel's truncation normaliser and cell masses through differences of tails,
     * each within 5e-7 relative ({@link ParzenEstimator#logStandardMass}), so a log value is within
     * about 5e-7 of exact. Measured when written: 2.0e-8 on log densities, 6.1e-8 on log cell masses.
     * The bandwidth rules this test guards move these values by 1e-5 and more (the prior's centre as
     * a neighbour: 2.6e-5 on ln g(x) of x, 4.9e-3 on the mass of units' cell at 1).
     */
    private static final double TOLERANCE = 1e-6;

    private static final SearchSpace SPACE = SearchSpace.of(
            FloatParameter.uniform("x", -2.0, 3.0),
            FloatParameter.logUniform("lr", 1e-4, 1.0),
            IntParameter.range("layers", 1, 8),
            IntParameter.logUniform("units", 1, 1024),
            CategoricalParameter.of("opt", "sgd", "adam", "rmsprop"));
    private static final TpeOptions OPTIONS = new TpeOptions(10, 0.25, 24, 1.0);
    private static final JsonNode REFERENCE = load("/sampling/optuna_tpe_reference.json");

    private final TpeSampler tpe = new TpeSampler(SPACE, 1, OPTIONS);
    private final List<Configuration> trials = trials();
    private final TpeSampler.Split split = split();

    private static JsonNode load(String resource) {
        try (InputStream in = TpeReferenceTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Parameter parameter(String name) {
        return SPACE.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** A JSON value as the parameter's domain value: Double, Long or the choice. */
    private static Object value(Parameter p, JsonNode node) {
        return p instanceof FloatParameter ? (Object) node.asDouble()
                : p instanceof IntParameter ? (Object) node.asLong()
                : node.asText();
    }

    private static List<Configuration> trials() {
        List<Configuration> trials = new ArrayList<>();
        for (JsonNode trial : REFERENCE.get("trials")) {
            Map<String, Object> values = new LinkedHashMap<>();
            trial.get("params").fields().forEachRemaining(e -> values.put(e.getKey(), value(parameter(e.getKey()), e.getValue())));
            trials.add(new Configuration(values));
        }
        return trials;
    }

    private TpeSampler.Split split() {
        List<Observation> history = new ArrayList<>();
        List<Configuration> pending = new ArrayList<>();
        JsonNode json = REFERENCE.get("trials");
        for (int i = 0; i < json.size(); i++) {
            if (json.get(i).get("state").asText().equals("RUNNING")) {
                pending.add(trials.get(i));
            } else {
                history.add(new Observation(trials.get(i), json.get(i).get("score").asDouble(), 0));
            }
        }
        return tpe.split(history, pending).orElseThrow();
    }

    private List<Integer> indices(List<Configuration> configurations) {
        return configurations.stream().map(trials::indexOf).sorted().toList();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static List<Object> points(Parameter p) {
        List<Object> points = new ArrayList<>();
        REFERENCE.get("params").get(p.name()).get("points").forEach(v -> points.add(value(p, v)));
        return points;
    }

    private static double[] evaluate(List<Object> points, ToDoubleFunction<Object> f) {
        return points.stream().mapToDouble(f).toArray();
    }

    private static void assertClose(String what, double[] ours, double[] optuna, double tolerance) {
        assertThat(ours).hasSameSizeAs(optuna);
        for (int i = 0; i < ours.length; i++) {
            assertThat(ours[i]).as("%s at point %d: ours %s, Optuna %s", what, i, ours[i], optuna[i]).isCloseTo(optuna[i], within(tolerance));
        }
    }

    /** The point maximising ln l - ln g; the first on ties, as numpy's argmax. */
    private static Object argmax(List<Object> points, double[] logL, double[] logG) {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (logL[i] - logG[i] > logL[best] - logG[best]) {
                best = i;
            }
        }
        return points.get(best);
    }

    @Test
    void theReferenceWasMadeByOptuna31WithOurRules() {
        assertThat(REFERENCE.get("optuna_version").asText()).isEqualTo("3.1.0");
        JsonNode options = REFERENCE.get("options");
        assertThat(options.get("prior_weight").asDouble()).isEqualTo(OPTIONS.priorWeight());
        assertThat(options.get("gamma").asText()).isEqualTo("ceil(" + OPTIONS.gamma() + " * n)");
        assertThat(options.get("consider_prior").asBoolean()).isTrue();
        assertThat(options.get("consider_magic_clip").asBoolean()).isTrue();
        assertThat(options.get("consider_endpoints").asBoolean()).isFalse();
        assertThat(options.get("constant_liar").asBoolean()).isTrue();
    }

    @Test
    void theSplitWithRunningTrialsIsOptunasConstantLiarSplit() {
        assertThat(REFERENCE.get("finished").asInt()).as("finished trials").isEqualTo(10);
        assertThat(indices(split.below())).isEqualTo(ints(REFERENCE.get("below")));
        assertThat(indices(split.above())).isEqualTo(ints(REFERENCE.get("above")));
    }

    @Test
    void theModelledIntervalsAreOptunas() {
        for (String name : List.of("x", "lr", "layers", "units")) {
            NumericScale scale = NumericScale.of(parameter(name));
            JsonNode reference = REFERENCE.get("params").get(name);
            assertThat(scale.low()).as("%s low", name).isCloseTo(reference.get("low").asDouble(), within(1e-12));
            assertThat(scale.high()).as("%s high", name).isCloseTo(reference.get("high").asDouble(), within(1e-12));
        }
    }

    @Test
    void continuousDensitiesMatchOptuna() {
        for (String name : List.of("x", "lr", "units")) {
            Parameter p = parameter(name);
            NumericScale scale = NumericScale.of(p);
            ParzenEstimator l = tpe.estimator(scale, TpeSampler.valuesOf(p, split.below()));
            ParzenEstimator g = tpe.estimator(scale, TpeSampler.valuesOf(p, split.above()));
            JsonNode reference = REFERENCE.get("params").get(name);
            List<Object> points = points(p);
            double[] logL = evaluate(points, v -> l.logDensity(scale.toModel(v)));
            double[] logG = evaluate(points, v -> g.logDensity(scale.toModel(v)));

            assertClose(name + " ln l", logL, doubles(reference.get("log_l")), TOLERANCE);
            assertClose(name + " ln g", logG, doubles(reference.get("log_g")), TOLERANCE);
            double[] asShipped = doubles(reference.get("optuna_3_1_log_l"));
            assertThat(IntStream.range(0, logL.length).mapToDouble(i -> Math.abs(logL[i] - asShipped[i])).max().orElseThrow())
                    .as("%s: Optuna 3.1 as shipped leaves out -ln σ (optuna/optuna#5109)", name).isGreaterThan(0.1);
            if (!scale.discrete()) {
                assertThat(argmax(points, logL, logG)).as(name).isEqualTo(value(p, reference.get("argmax")));
            }
        }
    }

    @Test
    void discreteCellMassesMatchOptuna() {
        for (String name : List.of("layers", "units")) {
            Parameter p = parameter(name);
            NumericScale scale = NumericScale.of(p);
            ParzenEstimator l = tpe.estimator(scale, TpeSampler.valuesOf(p, split.below()));
            ParzenEstimator g = tpe.estimator(scale, TpeSampler.valuesOf(p, split.above()));
            JsonNode reference = REFERENCE.get("params").get(name);
            List<Object> points = points(p);
            double[] logL = evaluate(points, v -> TpeSampler.logLikelihood(scale, l, v));
            double[] logG = evaluate(points, v -> TpeSampler.logLikelihood(scale, g, v));

            assertClose(name + " ln l mass", logL, doubles(reference.get("log_l_mass")), TOLERANCE);
            assertClose(name + " ln g mass", logG, doubles(reference.get("log_g_mass")), TOLERANCE);
            assertThat(argmax(points, logL, logG)).as(name).isEqualTo(value(p, reference.get("argmax")));
        }
    }

    @Test
    void categoricalSmoothedCountsMatchOptunasEstimatorWithoutKernelSmoothing() {
        CategoricalParameter p = (CategoricalParameter) parameter("opt");
        JsonNode reference = REFERENCE.get("params").get("opt");
        List<Object> points = points(p);
        assertThat(points).isEqualTo(p.choices());
        double[] logL = Arrays.stream(tpe.smoothedFrequencies(p.choices(), TpeSampler.valuesOf(p, split.below()))).map(Math::log).toArray();
        double[] logG = Arrays.stream(tpe.smoothedFrequencies(p.choices(), TpeSampler.valuesOf(p, split.above()))).map(Math::log).toArray();

        assertClose("opt ln l", logL, doubles(reference.get("log_l")), 1e-10);
        assertClose("opt ln g", logG, doubles(reference.get("log_g")), 1e-10);
        assertThat(argmax(points, logL, logG)).isEqualTo(reference.get("argmax").asText());
        // The documented difference is real: Optuna's own kernels (prior_weight/(n+1) on every choice)
        // give other values here, e.g. ln l(sgd) -1.66 against our -2.48.
        assertThat(Math.abs(logL[0] - reference.get("optuna_log_l").get(0).asDouble())).isGreaterThan(0.5);
    }
}
