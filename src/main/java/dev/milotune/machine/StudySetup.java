package dev.milotune.machine;

import dev.milotune.sampling.Sampler;
import dev.milotune.sampling.Samplers;
import dev.milotune.sampling.TpeOptions;
import dev.milotune.scheduling.AshaOptions;
import dev.milotune.scheduling.HyperbandOptions;
import dev.milotune.scheduling.NoneOptions;
import dev.milotune.scheduling.Rung;
import dev.milotune.scheduling.SchedulerSpec;
import dev.milotune.scheduling.ShaOptions;
import dev.milotune.study.Seeds;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudySpec.Fidelity;
import dev.milotune.study.StudySpec.SubsetStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a study's spec becomes its scheduler, sampler, subset plans and segments. Pure functions of
 * the spec, so a restarted orchestrator rebuilds exactly the same study.
 *
 * <p>Epoch fidelity (the papers' setup): rung k trains up to r * eta^(s+k) epochs on the study's
 * subset strategy, a promotion continues from the checkpoint. Data fidelity: rung k trains all E
 * epochs on a subset of fraction f * eta^k, the top rung on the full training set, and a promotion
 * trains from scratch on the larger subset; the scheduler then counts rungs with r = 1 and
 * R = eta^K, where K is the number of subset rungs.
 */
public final class StudySetup {

    private StudySetup() {
    }

    /** The scheduler's options; their constructors reject bad values naming {@code scheduler.*}. */
    public static SchedulerSpec schedulerOptions(StudySpec spec) {
        StudySpec.SchedulerSpec s = spec.scheduler();
        int r = s.r();
        int bigR = s.R();
        if (s.fidelity() == Fidelity.DATA) {
            r = 1;
            bigR = (int) Math.round(Math.pow(s.eta(), dataFractions(spec).size()));
        }
        return switch (s.kind()) {
            case NONE -> new NoneOptions(spec.model().epochs(), spec.maxTrials());
            case SHA -> new ShaOptions(r, bigR, s.eta(), s.s(), spec.maxTrials());
            case ASHA -> new AshaOptions(r, bigR, s.eta(), s.s(), spec.maxTrials());
            case HYPERBAND -> new HyperbandOptions(r, bigR, s.eta(), s.s(), s.brackets(), spec.maxTrials());
        };
    }

    public static Sampler sampler(StudySpec spec) {
        return switch (spec.sampler().kind()) {
            case RANDOM -> Samplers.random(spec.searchSpace(), spec.seed());
            case GRID -> Samplers.grid(spec.searchSpace(), spec.seed());
            case TPE -> Samplers.tpe(spec.searchSpace(), spec.seed(), new TpeOptions(spec.sampler().startupTrials(),
                    spec.sampler().gamma(), spec.sampler().candidates(), TpeOptions.defaults().priorWeight()));
        };
    }

    /**
     * Subset fractions below the full set, one per data-fidelity rung: f, f * eta, ... while below 1.
     * For epoch fidelity, the study's one fraction.
     */
    public static List<Double> dataFractions(StudySpec spec) {
        double f = spec.subset().fraction();
        if (spec.scheduler().fidelity() == Fidelity.EPOCHS) {
            return List.of(f);
        }
        List<Double> fractions = new ArrayList<>();
        for (double x = f; x < 1 - 1e-9; x *= spec.scheduler().eta()) {
            fractions.add(x);
        }
        return fractions;
    }

    /** The fractions whose MILO plans the study needs (none for the random and full strategies). */
    public static List<Double> planFractions(StudySpec spec) {
        return spec.subset().strategy() == SubsetStrategy.MILO ? dataFractions(spec) : List.of();
    }

    /** Epochs {@code [from, to)} of a segment that trains a trial from rung {@code from} (null: a new trial) to {@code to}. */
    public static int[] epochs(StudySpec spec, Rung from, Rung to) {
        if (spec.scheduler().fidelity() == Fidelity.DATA) {
            return new int[] {0, spec.model().epochs()};
        }
        return new int[] {from == null ? 0 : from.resource(), to.resource()};
    }

    /** What a search trial trains on at {@code rung}. */
    public static Work.Subset subset(StudySpec spec, Rung rung, List<String> planIds) {
        StudySpec.SubsetSpec s = spec.subset();
        String strategy = s.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (s.strategy() == SubsetStrategy.FULL) {
            return fullData(spec);
        }
        List<Double> fractions = dataFractions(spec);
        int level = spec.scheduler().fidelity() == Fidelity.DATA ? rung.index() : 0;
        if (level >= fractions.size()) {
            return fullData(spec);
        }
        String planId = s.strategy() == SubsetStrategy.MILO ? planIds.get(level) : null;
        return new Work.Subset(strategy, planId, fractions.get(level), s.kappa(), s.interval());
    }

    /** The final retrain: all training items, every epoch. */
    public static Work.Subset fullData(StudySpec spec) {
        return new Work.Subset("full", null, 1.0, spec.subset().kappa(), spec.subset().interval());
    }

    /** The seed of search trial {@code n}. */
    public static long trialSeed(long studySeed, long n) {
        return Seeds.derive(studySeed, Seeds.Stream.TRIAL, n);
    }

    /** The seed of the full-data check of leader {@code k}. */
    public static long checkSeed(long studySeed, long k) {
        return Seeds.derive(studySeed, Seeds.Stream.CHECK, k);
    }

    /** The seed of final retrain {@code repeat}: a stream apart from every search trial's. */
    public static long retrainSeed(long studySeed, long repeat) {
        return Seeds.derive(studySeed, Seeds.Stream.RETRAIN, repeat);
    }
}
