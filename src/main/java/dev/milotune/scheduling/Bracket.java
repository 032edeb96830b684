package dev.milotune.scheduling;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One bracket of successive halving: its rungs, who reported at each, who was promoted from each,
 * and who is still training towards each.
 *
 * <p>Promotion rule (Li et al. 2020): a trial at rung k is promotable when it is within the top
 * ⌊n_k/η⌋ of the n_k trials in rung k and not yet promoted; failed and NaN entries rank last and are
 * never promoted. Under {@link Promotion#SYNCHRONOUS} this waits until the rung is closed.
 *
 * <p>A trial is alive at rung k while it may still be promoted: with p_k the trials that may still
 * arrive at rung k (not started yet, training towards rung k or below, or alive below k), it ranks
 * within the top ⌊(n_k + p_k)/η⌋. Rung k is closed when p_k = 0.
 */
final class Bracket {

    /** An entry of a rung; eligible = reported a score that is not NaN. */
    record Entry(int trial, double score, boolean eligible) {
    }

    /** Eligible first, then higher score, then the earlier trial. */
    private static final Comparator<Entry> RANK = Comparator
            .comparing((Entry e) -> !e.eligible())
            .thenComparing(Entry::score, Comparator.reverseOrder())
            .thenComparingInt(Entry::trial);

    /**
     * Per rung below the top: the lowest-ranked entry within the top ⌊(n_k + p_k)/η⌋ (null when there
     * is none); a waiting trial ranked at or above it may still be promoted. And the best promotable
     * trial of each rung (-1: none).
     */
    private record Analysis(Entry[] lastAlive, int[] promotable) {
    }

    final int id;
    final List<Rung> rungs;
    final int capacity;
    private final int eta;
    private final Promotion promotion;
    int started;
    private final int[] running;
    private final List<TreeSet<Entry>> entries = new ArrayList<>();
    /** Per rung, the trial numbers promoted from it. */
    private final List<BitSet> promoted = new ArrayList<>();
    private long version;
    private long analysedVersion = -1;
    private Analysis analysis;

    Bracket(int id, List<Rung> rungs, int capacity, int eta, Promotion promotion) {
        this.id = id;
        this.rungs = rungs;
        this.capacity = capacity;
        this.eta = eta;
        this.promotion = promotion;
        this.running = new int[rungs.size()];
        for (int k = 0; k < rungs.size(); k++) {
            entries.add(new TreeSet<>(RANK));
            promoted.add(new BitSet());
        }
    }

    int top() {
        return rungs.size() - 1;
    }

    void start() {
        started++;
        running[0]++;
        version++;
    }

    void promote(int trial, int from) {
        promoted.get(from).set(trial);
        running[from + 1]++;
        version++;
    }

    /** The trial finished training towards {@code rung}: its entry there. */
    Entry enter(int trial, int rung, double score, boolean eligible) {
        Entry entry = new Entry(trial, eligible ? score : Double.NEGATIVE_INFINITY, eligible);
        running[rung]--;
        entries.get(rung).add(entry);
        version++;
        return entry;
    }

    /** The best promotable trial of the highest rung that has one, as {trial, rung}; null if none. */
    int[] bestPromotion() {
        int[] promotable = analysis().promotable();
        for (int k = promotable.length - 1; k >= 0; k--) {
            if (promotable[k] >= 0) {
                return new int[] {promotable[k], k};
            }
        }
        return null;
    }

    /** Whether the trial with {@code entry} at {@code rung} (below the top, not promoted) may still be promoted. */
    boolean mayBePromoted(int rung, Entry entry) {
        Entry last = analysis().lastAlive()[rung];
        return entry.eligible() && last != null && RANK.compare(entry, last) <= 0;
    }

    private Analysis analysis() {
        if (analysedVersion != version) {
            analysis = analyse();
            analysedVersion = version;
        }
        return analysis;
    }

    private Analysis analyse() {
        Entry[] lastAlive = new Entry[top()];
        int[] promotable = new int[top()];
        long mayArriveBelow = capacity - started;
        for (int k = 0; k < top(); k++) {
            promotable[k] = -1;
            long pending = mayArriveBelow + running[k];
            int n = entries.get(k).size();
            long everLimit = (n + pending) / eta;
            long nowLimit = n / eta;
            boolean open = promotion == Promotion.ASYNCHRONOUS || pending == 0;
            int aliveHere = 0;
            int index = 0;
            for (Entry e : entries.get(k)) {
                if (index >= everLimit || !e.eligible()) {
                    break;
                }
                lastAlive[k] = e;
                if (!promoted.get(k).get(e.trial())) {
                    aliveHere++;
                    if (open && index < nowLimit && promotable[k] < 0) {
                        promotable[k] = e.trial();
                    }
                }
                index++;
            }
            mayArriveBelow += running[k] + aliveHere;
        }
        return new Analysis(lastAlive, promotable);
    }
}
