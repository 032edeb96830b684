package dev.milotune.study;

/**
 * Where a running study is in its own work (docs/adr/0002-study-phases.md): searching over
 * configurations on the study's fidelity, then (when the spec asks for it) checking the leaders on
 * full data, then retraining the chosen configuration on full data, then done. A study that is not
 * running is in the phase it reached.
 */
public enum StudyPhase {
    /** Trials are sampled, trained in segments and stopped early by the scheduler. */
    SEARCHING,
    /** The search is over; its best configurations train a short budget on full data to choose among them. */
    CHECKING,
    /** The choice is made; the chosen configuration is retrained on full data. */
    RETRAINING,
    /** Nothing more is trained. */
    DONE;

    /** The phase after a move to {@code target}: only forward, and never twice the same. */
    public StudyPhase moveTo(StudyPhase target) {
        if (target.ordinal() <= ordinal()) {
            throw new IllegalStateException("a study cannot move from phase " + this + " to " + target);
        }
        return target;
    }
}
