package dev.milotune.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parameters of a study, in declaration order. A conditional parameter's parent is a
 * categorical parameter declared before it, so that walking the parameters in order always decides
 * the parent before the child: the space is a forest, as in the tree-structured spaces of
 * Bergstra et al. 2011.
 *
 * <p>The constructor validates: at least one parameter, unique names, each condition's parent
 * declared earlier and categorical, its values among the parent's choices; each parameter checks
 * its own range, step and choices. Every error is an {@link InvalidSpecException} with a field
 * path under {@code searchSpace}.
 */
public record SearchSpace(List<Parameter> parameters) {

    /** The largest grid {@link #grid()} enumerates; larger finite spaces are sampled, not listed. */
    public static final long MAX_GRID_POINTS = 100_000;

    public SearchSpace {
        if (parameters == null || parameters.isEmpty()) {
            throw new InvalidSpecException("searchSpace", parameters, "must declare at least one parameter");
        }
        Map<String, Parameter> declared = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) {
                throw new InvalidSpecException("searchSpace.parameters[" + i + "]", null, "must be a parameter");
            }
            if (declared.containsKey(p.name())) {
                throw new InvalidSpecException("searchSpace." + p.name() + ".name", p.name(), "must be unique");
            }
            if (p.condition().isPresent()) {
                checkCondition(p, p.condition().get(), declared, parameters);
            }
            declared.put(p.name(), p);
        }
        parameters = List.copyOf(parameters);
    }

    public static SearchSpace of(Parameter... parameters) {
        return new SearchSpace(List.of(parameters));
    }

    private static void checkCondition(Parameter child, Condition c, Map<String, Parameter> declared, List<Parameter> all) {
        String at = "searchSpace." + child.name() + ".condition";
        Parameter parent = declared.get(c.parent());
        if (parent == null) {
            boolean later = all.stream().anyMatch(p -> p != null && p.name().equals(c.parent()));
            throw new InvalidSpecException(at + ".parent", c.parent(),
                    later ? "must be declared before " + child.name() : "must name a declared parameter");
        }
        if (!(parent instanceof CategoricalParameter categorical)) {
            throw new InvalidSpecException(at + ".parent", c.parent(), "must name a categorical parameter");
        }
        for (Object value : c.values()) {
            if (!categorical.choices().contains(value)) {
                throw new InvalidSpecException(at + ".values", value, "must be one of the choices of " + parent.name() + " " + categorical.choices());
            }
        }
    }

    /** The parameter called {@code name}, if declared. */
    public Optional<Parameter> parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code p} is active given the values decided so far: unconditional parameters always
     * are; a conditional one when its parent is active and {@code partial} gives the parent one of the
     * condition's values.
     */
    public boolean isActive(Parameter p, Map<String, Object> partial) {
        if (p.condition().isEmpty()) {
            return true;
        }
        Condition c = p.condition().get();
        Parameter parent = parameter(c.parent())
                .orElseThrow(() -> new IllegalArgumentException(p.name() + " is not a parameter of this search space"));
        Object value = partial.get(parent.name());
        return value != null && c.values().contains(value) && isActive(parent, partial);
    }

    /** The parameters active in {@code c}, in declaration order. */
    public List<Parameter> activeParameters(Configuration c) {
        List<Parameter> active = new ArrayList<>();
        for (Parameter p : parameters) {
            if (isActive(p, c.values())) {
                active.add(p);
            }
        }
        return Collections.unmodifiableList(active);
    }

    /**
     * Checks that {@code c} is a point of this space: no unknown names, every active parameter present
     * with a value of its type in its domain, no inactive parameter present. Errors name the field as
     * {@code configuration.<name>}.
     */
    public void validate(Configuration c) {
        Map<String, Object> values = c.values();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (parameter(e.getKey()).isEmpty()) {
                throw new InvalidSpecException("configuration." + e.getKey(), e.getValue(), "must be a parameter of the search space");
            }
        }
        for (Parameter p : parameters) {
            String at = "configuration." + p.name();
            Object value = values.get(p.name());
            boolean active = isActive(p, values);
            if (active && value == null) {
                throw new InvalidSpecException(at, null, p.condition().map(cond -> "must be present because " + cond + " holds").orElse("must be present"));
            }
            if (!active && value != null) {
                throw new InvalidSpecException(at, value, "must be absent because " + p.condition().orElseThrow() + " does not hold");
            }
            if (active && !p.contains(value)) {
                throw new InvalidSpecException(at, value, "must be " + domain(p));
            }
        }
    }

    private static String domain(Parameter p) {
        if (p instanceof FloatParameter f) {
            return "a Double in [" + f.low() + ", " + f.high() + "]" + f.step().map(s -> " on the step " + s + " grid from " + f.low()).orElse("");
        }
        if (p instanceof IntParameter i) {
            return "a Long in [" + i.low() + ", " + i.high() + "]" + (i.step() != 1 ? " on the step " + i.step() + " grid from " + i.low() : "");
        }
        return "one of " + ((CategoricalParameter) p).choices();
    }

    /**
     * The number of distinct configurations when every parameter is categorical, int or stepped float;
     * empty when some float is continuous. Conditional branches count as they occur: a categorical
     * parent contributes the sum over its choices of the product of the sizes of the children active
     * under that choice. Saturates at {@code Long.MAX_VALUE}.
     */
    public OptionalLong gridSize() {
        if (continuous().isPresent()) {
            return OptionalLong.empty();
        }
        long total = 1;
        for (Parameter p : parameters) {
            if (p.condition().isEmpty()) {
                total = saturatedMultiply(total, subtreeSize(p));
            }
        }
        return OptionalLong.of(total);
    }

    private long subtreeSize(Parameter p) {
        if (p instanceof FloatParameter f) {
            return f.stepCount();
        }
        if (p instanceof IntParameter i) {
            return i.stepCount();
        }
        long total = 0;
        for (Object choice : ((CategoricalParameter) p).choices()) {
            long branch = 1;
            for (Parameter child : parameters) {
                if (child.condition().isPresent() && child.condition().get().parent().equals(p.name())
                        && child.condition().get().values().contains(choice)) {
                    branch = saturatedMultiply(branch, subtreeSize(child));
                }
            }
            total = total > Long.MAX_VALUE - branch ? Long.MAX_VALUE : total + branch;
        }
        return total;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private Optional<Parameter> continuous() {
        return parameters.stream().filter(p -> p instanceof FloatParameter f && f.step().isEmpty()).findFirst();
    }

    /**
     * Every configuration of a finite space, in a defined order: parameters in declaration order, the
     * first varying slowest; numeric values ascending, choices as declared; inactive parameters
     * absent. Throws an {@link InvalidSpecException} naming the first continuous float parameter, or
     * when the grid exceeds {@link #MAX_GRID_POINTS}.
     */
    public List<Configuration> grid() {
        Optional<Parameter> continuous = continuous();
        if (continuous.isPresent()) {
            throw new InvalidSpecException("searchSpace." + continuous.get().name() + ".step", null,
                    "must be set for grid search: " + continuous.get().name() + " is a continuous float");
        }
        long size = gridSize().orElseThrow();
        if (size > MAX_GRID_POINTS) {
            throw new InvalidSpecException("searchSpace", size, "must have at most " + MAX_GRID_POINTS + " grid points for grid search");
        }
        List<Configuration> points = new ArrayList<>((int) size);
        enumerate(0, new LinkedHashMap<>(), points);
        return Collections.unmodifiableList(points);
    }

    private void enumerate(int index, Map<String, Object> partial, List<Configuration> out) {
        if (index == parameters.size()) {
            out.add(new Configuration(partial));
            return;
        }
        Parameter p = parameters.get(index);
        if (!isActive(p, partial)) {
            enumerate(index + 1, partial, out);
            return;
        }
        if (p instanceof FloatParameter f) {
            for (long k = 0; k < f.stepCount(); k++) {
                partial.put(p.name(), f.gridPoint(k));
                enumerate(index + 1, partial, out);
            }
        } else if (p instanceof IntParameter i) {
            for (long k = 0; k < i.stepCount(); k++) {
                partial.put(p.name(), i.gridPoint(k));
                enumerate(index + 1, partial, out);
            }
        } else {
            for (Object choice : ((CategoricalParameter) p).choices()) {
                partial.put(p.name(), choice);
                enumerate(index + 1, partial, out);
            }
        }
        partial.remove(p.name());
    }
}
