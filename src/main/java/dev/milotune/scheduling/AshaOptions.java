package dev.milotune.scheduling;

/**
 * Asynchronous successive halving, Li et al. 2020, Algorithm 2 (the promotion variant): a free slot
 * gets the best promotable trial of the highest rung, a trial being promotable from rung k when it is
 * within the top ⌊n_k/η⌋ of the n_k trials that reached rung k so far and was not promoted yet;
 * otherwise a new trial starts at the bottom rung, until {@code maxTrials} are started.
 *
 * @param r minimum resource
 * @param R maximum resource, the last rung
 * @param eta reduction factor η
 * @param s minimum early-stopping rate: the bottom rung trains to r · η^s
 * @param maxTrials how many trials are started
 */
public record AshaOptions(int r, int R, int eta, int s, int maxTrials) implements SchedulerSpec {

    public AshaOptions {
        Ladder.check(r, R, eta, s);
        Ladder.checkMaxTrials(maxTrials);
    }
}
