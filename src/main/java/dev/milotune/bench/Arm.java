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
 * @param checkTopK the study's {@code finalSelection.topK}: after the search, its best {@code checkTopK}
 *        configurations train {@code checkEpochs} epochs on full data and the best of them is the choice (0: no check)
 * @param checkEpochs the study's {@code finalSelection.epochs}
 * @param validationSample the study's {@code objective.validationSample}: rungs below the top score on
 *        this share of the validation split (1: all of it)
 */
public record Arm(String id, String strategy, double fraction, String scheduler, String fidelity, int checkTopK,
        int checkEpochs, double validationSample) {

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
        if (checkTopK < 0) {
            throw new IllegalArgumentException("checkTopK must be >= 0: " + checkTopK);
        }
        if (checkEpochs < 1) {
            throw new IllegalArgumentException("checkEpochs must be >= 1: " + checkEpochs);
        }
        if (!(validationSample > 0 && validationSample <= 1)) {
            throw new IllegalArgumentException("validationSample must be in (0, 1]: " + validationSample);
        }
    }

    /** An arm without a full-data check, validated on all of the validation split. */
    public Arm(String id, String strategy, double fraction, String scheduler, String fidelity) {
        this(id, strategy, fraction, scheduler, fidelity, 0, 1, 1);
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

    /**
     * This arm with the full-data check of its {@code topK} best configurations (one epoch each on
     * full data, the best of them chosen), e.g. {@code milo-1-check3}.
     */
    public Arm withCheck(int topK) {
        return new Arm(id + "-check" + topK, strategy, fraction, scheduler, fidelity, topK, 1, validationSample);
    }

    /** This arm with a check of its {@code topK} best configurations for {@code epochs} epochs each, e.g. {@code milo-1-check5e3}. */
    public Arm withCheck(int topK, int epochs) {
        return epochs == 1 ? withCheck(topK)
                : new Arm(id + "-check" + topK + "e" + epochs, strategy, fraction, scheduler, fidelity, topK, epochs, validationSample);
    }

    /** This arm with its low rungs scored on a {@code share} of the validation split, e.g. {@code milo-1-check3-val20}. */
    public Arm withValidationSample(double share) {
        return new Arm(id + "-val" + percent(share), strategy, fraction, scheduler, fidelity, checkTopK, checkEpochs, share);
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
        String check = checkTopK > 0 ? ", full-data check of top " + checkTopK + (checkEpochs > 1 ? " (" + checkEpochs + " epochs)" : "") : "";
        String sample = validationSample < 1 ? ", low rungs on " + percent(validationSample) + " % of validation" : "";
        return what + ", " + how + check + sample;
    }

    static String percent(double fraction) {
        double p = fraction * 100;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? String.valueOf((long) Math.rint(p)) : String.format(Locale.ROOT, "%.1f", p);
    }
}
