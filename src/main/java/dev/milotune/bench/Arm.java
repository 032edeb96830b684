package dev.milotune.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One arm of the speedup experiment: the base design with one subset strategy, fraction and
 * scheduler. Everything else (search space, sampler and seed, trial count, epochs, scheduler
 * rungs) is the same for every arm.
 *
 * @param strategy {@code full}, {@code milo}, {@code random} or {@code adaptive-random}
 * @param fraction subset fraction (1 for full data; the smallest rung's fraction for data fidelity)
 * @param scheduler {@code asha} or {@code none}
 * @param fidelity {@code epochs} or {@code data}
 */
public record Arm(String id, String strategy, double fraction, String scheduler, String fidelity) {

    /** The denominator of every speedup. */
    public static final String BASELINE = "full-asha";
    /** Every configuration trained to the end on full data: what the rank is measured against. */
    public static final String FULL_NONE = "full-none";

    public Arm {
        Objects.requireNonNull(id, "id");
        if (!java.util.Set.of("full", "milo", "random", "adaptive-random").contains(strategy)) {
            throw new IllegalArgumentException("unknown subset strategy " + strategy);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
        if (!scheduler.equals("asha") && !scheduler.equals("none")) {
            throw new IllegalArgumentException("unknown scheduler " + scheduler);
        }
        if (!fidelity.equals("epochs") && !fidelity.equals("data")) {
            throw new IllegalArgumentException("unknown fidelity " + fidelity);
        }
    }

    public static Arm full(String scheduler) {
        return new Arm("full-" + scheduler, "full", 1.0, scheduler, "epochs");
    }

    /** A subset arm with ASHA over epochs, e.g. {@code milo-10} for MILO at 10 %. */
    public static Arm subset(String strategy, double fraction) {
        return new Arm(strategy + "-" + percent(fraction), strategy, fraction, "asha", "epochs");
    }

    /** MILO with data fidelity: rung k trains every epoch on a MILO subset of fraction f * eta^k, the top rung on full data. */
    public static Arm miloDataFidelity(double fraction) {
        return new Arm("milo-data-" + percent(fraction), "milo", fraction, "asha", "data");
    }

    public boolean isBaseline() {
        return id.equals(BASELINE);
    }

    /** Human label for tables and charts. */
    public String label() {
        String what = switch (strategy) {
            case "full" -> "full data";
            case "milo" -> "MILO " + percent(fraction) + " %";
            case "random" -> "random " + percent(fraction) + " %";
            default -> "adaptive-random " + percent(fraction) + " %";
        };
        String how = fidelity.equals("data") ? "ASHA, data fidelity" : scheduler.equals("none") ? "no early stopping" : "ASHA";
        return what + ", " + how;
    }

    static String percent(double fraction) {
        double p = fraction * 100;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? String.valueOf((long) Math.rint(p)) : String.format(Locale.ROOT, "%.1f", p);
    }
}
