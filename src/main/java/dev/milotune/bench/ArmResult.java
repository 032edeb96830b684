package dev.milotune.bench;

import dev.milotune.machine.Agreement.RungAgreement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one arm's study measured, as read from the study service after it ended.
 *
 * @param state the study's final state (COMPLETED, FAILED, CANCELLED)
 * @param tuningSeconds sum of the search trials' training time (StudyService.cost)
 * @param studyWallSeconds the study's own wall time, from RUNNING to its end (after its plans were ready)
 * @param submitWallSeconds wall time from submit to end as the bench saw it (includes computing plans)
 * @param preprocessingSeconds plan pre-processing charged to this arm: the first arm that needs a plan pays it
 * @param planIds the subset plans the study trained on
 * @param reusedPlans plans this arm used that an earlier arm of this run already paid for
 * @param earlierPlans plans computed before this run started (their recorded pre-processing time is still charged)
 * @param retrainSeconds training time of the full-data retrains
 * @param chosen the configuration the study chose and retrained: the best full-data check's when the arm checks its
 *        leaders, else the leaderboard's first
 * @param chosenValue the validation accuracy that chose it (the check's on full data, else the search's)
 * @param retrainTest test accuracy of each full-data retrain of the chosen configuration
 * @param retrainValidation best validation accuracy of each full-data retrain
 * @param searchValidation best validation accuracy of every search trial, with the epochs it trained
 * @param seed the study seed of this replicate (the bench runs every arm once per seed)
 * @param wall the arm's wall-clock times as a user pays them, and where it ran in its seed's order
 * @param agreement the study's own agreement with its full-data checks ({@code GET /api/v1/studies/{id}}) at its lowest
 *        rung that has pairs; {@link #NO_AGREEMENT} without checks
 */
public record ArmResult(Arm arm, String studyId, String state, int searchTrials, double tuningSeconds, double studyWallSeconds,
        double submitWallSeconds, double preprocessingSeconds, List<String> planIds, List<String> reusedPlans,
        List<String> earlierPlans, double retrainSeconds, Map<String, Object> chosen, Double chosenValue, List<Double> retrainTest,
        List<Double> retrainValidation, List<TrialValue> searchValidation, long seed, Wall wall, RungAgreement agreement) {

    /**
     * Wall-clock seconds as a user of this arm pays them.
     *
     * @param tuningSeconds submit to search done (the last search or check trial settled) with the plan
     *        reused, as every study after the first on a dataset, encoder and fraction has it: dispatch,
     *        training, validation and checkpoints (the bench computes the plans before the arms; a plan
     *        computed inside the wall anyway has its recorded pre-processing taken out)
     * @param planSeconds the recorded pre-processing of the arm's plans (encoding and selection, charged
     *        once, {@link BenchMath#chargeOnce}): what the first study on that plan waits for in addition; 0
     *        for an arm without a plan
     * @param oneRetrainSeconds one final retrain: the shortest of the design's retrains from queued to settled (one
     *        that did not wait for a slot; it may have shared the machine with the other retrains)
     * @param retrainNeeded false when the chosen trial already trained R epochs on full data ({@link BenchMath#needsRetrain})
     * @param position where the arm ran in its seed's random order (0 = first; -1 unknown)
     */
    public record Wall(double tuningSeconds, double planSeconds, double oneRetrainSeconds, boolean retrainNeeded, int position) {
        /** What results written before bench v2 carry. */
        public static final Wall UNKNOWN = new Wall(Double.NaN, Double.NaN, Double.NaN, true, -1);

        /** The tuning wall of the first study on the arm's plan: the plan computed, then the search. */
        public double tuningWithPlanSeconds() {
            return tuningSeconds + (Double.isNaN(planSeconds) ? 0 : planSeconds);
        }

        /** Tuning wall plus one retrain when the arm needs one. */
        public double endToEndSeconds() {
            return BenchMath.endToEndWall(tuningSeconds, oneRetrainSeconds, retrainNeeded);
        }
    }

    /** The agreement of a study without full-data checks: no pairs. */
    public static final RungAgreement NO_AGREEMENT = new RungAgreement(-1, 0, Double.NaN, Double.NaN);

    /** A result without wall-clock times (results.json of bench v1, tests of the training-seconds columns). */
    public ArmResult(Arm arm, String studyId, String state, int searchTrials, double tuningSeconds, double studyWallSeconds,
            double submitWallSeconds, double preprocessingSeconds, List<String> planIds, List<String> reusedPlans,
            List<String> earlierPlans, double retrainSeconds, Map<String, Object> chosen, Double chosenValue, List<Double> retrainTest,
            List<Double> retrainValidation, List<TrialValue> searchValidation, long seed) {
        this(arm, studyId, state, searchTrials, tuningSeconds, studyWallSeconds, submitWallSeconds, preprocessingSeconds, planIds,
                reusedPlans, earlierPlans, retrainSeconds, chosen, chosenValue, retrainTest, retrainValidation, searchValidation, seed,
                Wall.UNKNOWN, NO_AGREEMENT);
    }

    /** A search trial's outcome: its best validation accuracy after {@code epochs} epochs on its rung's data. */
    public record TrialValue(int number, int rung, int epochs, double value, Map<String, Object> configuration) {
    }

    public ArmResult {
        Objects.requireNonNull(arm, "arm");
        planIds = List.copyOf(planIds);
        reusedPlans = List.copyOf(reusedPlans);
        earlierPlans = List.copyOf(earlierPlans);
        chosen = chosen == null ? Map.of() : chosen;
        retrainTest = List.copyOf(retrainTest);
        retrainValidation = List.copyOf(retrainValidation);
        searchValidation = List.copyOf(searchValidation);
        wall = wall == null ? Wall.UNKNOWN : wall;
        agreement = agreement == null ? NO_AGREEMENT : agreement;
    }

    /** This result with {@code wall}. */
    public ArmResult withWall(Wall wall) {
        return new ArmResult(arm, studyId, state, searchTrials, tuningSeconds, studyWallSeconds, submitWallSeconds, preprocessingSeconds,
                planIds, reusedPlans, earlierPlans, retrainSeconds, chosen, chosenValue, retrainTest, retrainValidation, searchValidation,
                seed, wall, agreement);
    }

    /** This result with the study's {@code agreement}. */
    public ArmResult withAgreement(RungAgreement agreement) {
        return new ArmResult(arm, studyId, state, searchTrials, tuningSeconds, studyWallSeconds, submitWallSeconds, preprocessingSeconds,
                planIds, reusedPlans, earlierPlans, retrainSeconds, chosen, chosenValue, retrainTest, retrainValidation, searchValidation,
                seed, wall, agreement);
    }

    public Summary test() {
        return Summary.of(retrainTest);
    }

    public Summary validation() {
        return Summary.of(retrainValidation);
    }

    /** Pre-processing, tuning and retraining: what the arm cost from data to a final model. */
    public double endToEndSeconds() {
        return preprocessingSeconds + tuningSeconds + retrainSeconds;
    }
}
