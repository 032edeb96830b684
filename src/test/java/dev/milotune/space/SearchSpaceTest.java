package dev.milotune.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    /** The TREC6 space of MILO's tuning protocol, plus an optimizer branch to make it conditional. */
    static SearchSpace conditional() {
        return SearchSpace.of(
                FloatParameter.logUniform("lr", 1e-3, 1e-1),
                CategoricalParameter.of("optimizer", "sgd", "adam"),
                FloatParameter.stepped("momentum", 0.0, 0.9, 0.1).when("optimizer", "sgd"),
                CategoricalParameter.of("nesterov", true, false).when("optimizer", "sgd"),
                FloatParameter.logUniform("beta2", 0.9, 0.999).when("optimizer", "adam"),
                IntParameter.range("layers", 1, 2));
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                bad("empty space", () -> new SearchSpace(List.of()), "searchSpace", List.of(), "must declare at least one parameter"),
                bad("null space", () -> new SearchSpace(null), "searchSpace", null, "must declare at least one parameter"),
                bad("blank name", () -> FloatParameter.uniform(" ", 0, 1), "searchSpace.name", " ", "must be a non-blank parameter name"),
                bad("duplicate name", () -> SearchSpace.of(IntParameter.range("a", 1, 2), CategoricalParameter.of("a", "x")),
                        "searchSpace.a.name", "a", "must be unique"),
                bad("float low >= high", () -> FloatParameter.uniform("lr", 0.1, 0.1), "searchSpace.lr.low", 0.1, "must be < high (0.1)"),
                bad("float low NaN", () -> FloatParameter.uniform("lr", Double.NaN, 0.1), "searchSpace.lr.low", Double.NaN, "must be a finite number"),
                bad("float high infinite", () -> FloatParameter.uniform("lr", 0, Double.POSITIVE_INFINITY), "searchSpace.lr.high",
                        Double.POSITIVE_INFINITY, "must be a finite number"),
                bad("log with low 0", () -> FloatParameter.logUniform("lr", 0.0, 0.1), "searchSpace.lr.low", 0.0, "must be > 0 when log is true"),
                bad("step and log", () -> new FloatParameter("lr", 0.1, 0.5, true, Optional.of(0.1), Optional.empty()),
                        "searchSpace.lr.step", 0.1, "must be absent when log is true"),
                bad("float step <= 0", () -> FloatParameter.stepped("m", 0, 1, 0), "searchSpace.m.step", 0.0, "must be > 0"),
                bad("float step not dividing", () -> FloatParameter.stepped("m", 0, 1, 0.3), "searchSpace.m.step", 0.3, "must divide high - low (1.0)"),
                bad("int low >= high", () -> IntParameter.range("batch", 64, 16), "searchSpace.batch.low", 64L, "must be < high (16)"),
                bad("int log with low 0", () -> IntParameter.logUniform("units", 0, 256), "searchSpace.units.low", 0L, "must be > 0 when log is true"),
                bad("int step 0", () -> IntParameter.stepped("units", 0, 256, 0), "searchSpace.units.step", 0L, "must be >= 1"),
                bad("int step not dividing", () -> IntParameter.stepped("units", 0, 10, 3), "searchSpace.units.step", 3L, "must divide high - low (10)"),
                bad("int log with step", () -> new IntParameter("units", 1, 9, true, 2, Optional.empty()),
                        "searchSpace.units.step", 2L, "must be 1 when log is true"),
                bad("no choices", () -> CategoricalParameter.of("opt"), "searchSpace.opt.choices", List.of(), "must not be empty"),
                bad("repeated choices", () -> CategoricalParameter.of("opt", "sgd", "sgd"), "searchSpace.opt.choices", List.of("sgd", "sgd"), "must be distinct"),
                bad("choice of odd type", () -> CategoricalParameter.of("opt", "sgd", List.of()), "searchSpace.opt.choices", List.of(),
                        "must hold only Strings, integers, numbers or booleans"),
                bad("condition without parent", () -> FloatParameter.uniform("m", 0, 1).when(null, "sgd"), "searchSpace.m.condition.parent", null, "must name a parameter"),
                bad("condition without values", () -> FloatParameter.uniform("m", 0, 1).when("optimizer"), "searchSpace.m.condition.values", List.of(), "must not be empty"),
                bad("parent unknown", () -> SearchSpace.of(FloatParameter.uniform("m", 0, 1).when("optimizer", "sgd")),
                        "searchSpace.m.condition.parent", "optimizer", "must name a declared parameter"),
                bad("parent declared after the child", () -> SearchSpace.of(FloatParameter.uniform("m", 0, 1).when("optimizer", "sgd"), CategoricalParameter.of("optimizer", "sgd")),
                        "searchSpace.m.condition.parent", "optimizer", "must be declared before m"),
                bad("parent not categorical", () -> SearchSpace.of(IntParameter.range("layers", 1, 3), FloatParameter.uniform("m", 0, 1).when("layers", 2L)),
                        "searchSpace.m.condition.parent", "layers", "must name a categorical parameter"),
                bad("condition value not a choice", () -> SearchSpace.of(CategoricalParameter.of("optimizer", "sgd", "adam"), FloatParameter.uniform("m", 0, 1).when("optimizer", "rmsprop")),
                        "searchSpace.m.condition.values", "rmsprop", "must be one of the choices of optimizer [sgd, adam]"));
    }

    private static Arguments bad(String name, Supplier<Object> build, String field, Object value, String rule) {
        return Arguments.of(name, build, field, value, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidSpecNamesTheFieldTheValueAndTheRule(String name, Supplier<Object> build, String field, Object value, String rule) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, build::get);

        assertThat(e).as(name).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e).hasMessage(field + " is " + (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value)) + ", but " + rule);
    }

    @Test
    void theMessageReadsLikeOptunas() {
        assertThatThrownBy(() -> FloatParameter.logUniform("lr", 0, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("searchSpace.lr.low is 0.0, but must be > 0 when log is true");
        assertThat(new InvalidSpecException("scheduler.eta", 1, "must be >= 2").under("spec"))
                .hasMessage("spec.scheduler.eta is 1, but must be >= 2");
    }

    @Test
    void aFloatStepThatDividesUpToRoundingIsAccepted() {
        FloatParameter momentum = FloatParameter.stepped("momentum", 0.0, 0.9, 0.1);

        assertThat(momentum.stepCount()).isEqualTo(10);
        assertThat(momentum.gridPoint(9)).isEqualTo(0.9);
        assertThat(momentum.contains(0.1 * 3)).isTrue();
        assertThat(momentum.contains(0.25)).isFalse();
        assertThat(momentum.snap(0.26)).isEqualTo(0.30000000000000004);
    }

    @Test
    void integerAndFloatChoicesAreNormalisedToLongAndDouble() {
        CategoricalParameter batch = new CategoricalParameter("batch", Arrays.asList(16, 32, 64), Optional.empty());
        SearchSpace space = SearchSpace.of(batch, IntParameter.range("x", 0, 1).when("batch", 16));

        assertThat(batch.choices()).containsExactly(16L, 32L, 64L);
        assertThat(space.isActive(space.parameters().get(1), Map.of("batch", 16L))).isTrue();
    }

    @Test
    void aConditionalParameterIsActiveOnlyUnderItsParentsValues() {
        SearchSpace space = conditional();
        Parameter momentum = space.parameter("momentum").orElseThrow();
        Parameter beta2 = space.parameter("beta2").orElseThrow();

        assertThat(space.isActive(momentum, Map.of("optimizer", "sgd"))).isTrue();
        assertThat(space.isActive(momentum, Map.of("optimizer", "adam"))).isFalse();
        assertThat(space.isActive(momentum, Map.of())).as("parent undecided").isFalse();
        assertThat(space.isActive(beta2, Map.of("optimizer", "adam"))).isTrue();
        assertThat(space.activeParameters(new Configuration(Map.of("lr", 0.01, "optimizer", "adam", "beta2", 0.99, "layers", 1L))))
                .extracting(Parameter::name).containsExactly("lr", "optimizer", "beta2", "layers");
    }

    @Test
    void aGrandchildIsInactiveWhenItsParentIs() {
        SearchSpace space = SearchSpace.of(
                CategoricalParameter.of("model", "mlp", "linear"),
                CategoricalParameter.of("activation", "relu", "tanh").when("model", "mlp"),
                FloatParameter.uniform("slope", 0, 1).when("activation", "relu"));
        Parameter slope = space.parameter("slope").orElseThrow();

        assertThat(space.isActive(slope, Map.of("model", "mlp", "activation", "relu"))).isTrue();
        // A stale value of an inactive parent does not activate its children.
        assertThat(space.isActive(slope, Map.of("model", "linear", "activation", "relu"))).isFalse();
    }

    @Test
    void validateAcceptsAPointAndNamesWhatIsWrongWithOthers() {
        SearchSpace space = conditional();
        Map<String, Object> sgd = new HashMap<>(Map.of("lr", 0.01, "optimizer", "sgd", "momentum", 0.9, "nesterov", true, "layers", 2L));
        space.validate(new Configuration(sgd));

        assertInvalid(space, with(sgd, "momentum", 0.95), "configuration.momentum", 0.95, "must be a Double in [0.0, 0.9] on the step 0.1 grid from 0.0");
        assertInvalid(space, with(sgd, "momentum", 0.45), "configuration.momentum", 0.45, "must be a Double in [0.0, 0.9] on the step 0.1 grid from 0.0");
        assertInvalid(space, with(sgd, "lr", 0.5), "configuration.lr", 0.5, "must be a Double in [0.001, 0.1]");
        assertInvalid(space, with(sgd, "layers", 2.0), "configuration.layers", 2.0, "must be a Long in [1, 2]");
        assertInvalid(space, with(sgd, "optimizer", "rmsprop"), "configuration.optimizer", "rmsprop", "must be one of [sgd, adam]");
        assertInvalid(space, with(sgd, "momentum", null), "configuration.momentum", null, "must be present because optimizer in [sgd] holds");
        assertInvalid(space, with(sgd, "beta2", 0.99), "configuration.beta2", 0.99, "must be absent because optimizer in [adam] does not hold");
        assertInvalid(space, with(sgd, "dropout", 0.5), "configuration.dropout", 0.5, "must be a parameter of the search space");
        assertInvalid(space, with(sgd, "lr", null), "configuration.lr", null, "must be present");
    }

    private static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    private static void assertInvalid(SearchSpace space, Map<String, Object> values, String field, Object value, String rule) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> space.validate(new Configuration(values)));
        assertThat(e).as(values.toString()).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.rule()).isEqualTo(rule);
    }

    @Test
    void gridSizeCountsConditionalBranches() {
        SearchSpace space = SearchSpace.of(
                CategoricalParameter.of("optimizer", "sgd", "adam", "adagrad"),
                FloatParameter.stepped("momentum", 0.0, 0.9, 0.3).when("optimizer", "sgd"),
                CategoricalParameter.of("nesterov", true, false).when("optimizer", "sgd"),
                IntParameter.stepped("warmup", 0, 10, 5).when("optimizer", "sgd", "adam"),
                IntParameter.range("layers", 1, 2));

        // sgd: 4 momenta * 2 nesterov * 3 warmups = 24; adam: 3 warmups; adagrad: 1. Times 2 layer counts.
        assertThat(space.gridSize()).hasValue((24 + 3 + 1) * 2);
        List<Configuration> grid = space.grid();
        assertThat(grid).hasSize(56);
        assertThat(new HashSet<>(grid)).hasSize(56);
        grid.forEach(space::validate);
        assertThat(grid.get(0).values()).isEqualTo(Map.of("optimizer", "sgd", "momentum", 0.0, "nesterov", true, "warmup", 0L, "layers", 1L));
        assertThat(grid.get(55).values()).isEqualTo(Map.of("optimizer", "adagrad", "layers", 2L));
    }

    @Test
    void nestedConditionsAreCountedThroughTheTree() {
        SearchSpace space = SearchSpace.of(
                CategoricalParameter.of("model", "mlp", "linear"),
                CategoricalParameter.of("activation", "relu", "tanh").when("model", "mlp"),
                IntParameter.range("leak", 1, 3).when("activation", "relu"));

        // mlp: relu (3 leaks) + tanh (1) = 4; linear: 1.
        assertThat(space.gridSize()).hasValue(5);
        assertThat(space.grid()).hasSize(5);
    }

    @Test
    void aContinuousFloatMakesTheGridInfinite() {
        SearchSpace space = conditional();

        assertThat(space.gridSize()).isEqualTo(OptionalLong.empty());
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, space::grid);
        assertThat(e.field()).isEqualTo("searchSpace.lr.step");
        assertThat(e).hasMessage("searchSpace.lr.step is null, but must be set for grid search: lr is a continuous float");
    }

    @Test
    void aHugeGridIsCountedButNotListed() {
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            parameters.add(IntParameter.range("p" + i, 1, 10));
        }
        SearchSpace space = new SearchSpace(parameters);

        assertThat(space.gridSize()).hasValue(10_000_000L);
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, space::grid);
        assertThat(e.field()).isEqualTo("searchSpace");
        assertThat(e.value()).isEqualTo(10_000_000L);

        List<Parameter> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(IntParameter.range("q" + i, 1, 1000));
        }
        assertThat(new SearchSpace(many).gridSize()).as("saturates instead of overflowing").hasValue(Long.MAX_VALUE);
    }
}
