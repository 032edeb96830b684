package dev.milotune.scheduling;

import dev.milotune.space.InvalidSpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rung resources of successive halving and the validation of their symbols r, R, η, s. */
final class Ladder {

    private Ladder() {
    }

    /**
     * Checks r &gt;= 1, R &gt;= r, η &gt;= 2, s &gt;= 0 and r · η^s &lt;= R, naming the field
     * {@code scheduler.<symbol>}.
     */
    static void check(int r, int maxResource, int eta, int s) {
        if (r < 1) {
            throw new InvalidSpecException("scheduler.r", r, "must be >= 1");
        }
        if (maxResource < r) {
            throw new InvalidSpecException("scheduler.R", maxResource, "must be >= r (" + r + ")");
        }
        if (eta < 2) {
            throw new InvalidSpecException("scheduler.eta", eta, "must be >= 2");
        }
        if (s < 0) {
            throw new InvalidSpecException("scheduler.s", s, "must be >= 0");
        }
        long bottom = bottomResource(r, eta, s, maxResource);
        if (bottom > maxResource) {
            throw new InvalidSpecException("scheduler.s", s, "must keep r * eta^s <= R (" + maxResource + ")");
        }
    }

    static void checkMaxTrials(int maxTrials) {
        if (maxTrials < 1) {
            throw new InvalidSpecException("maxTrials", maxTrials, "must be >= 1");
        }
    }

    /** r · η^s, or any value above R once it exceeds R. */
    private static long bottomResource(int r, int eta, int s, int maxResource) {
        long resource = r;
        for (int i = 0; i < s && resource <= maxResource; i++) {
            resource *= eta;
        }
        return resource;
    }

    /** The rungs r · η^(s+k) while below R, then R itself: r=1, R=27, η=3 gives 1, 3, 9, 27; R=30 gives 1, 3, 9, 27, 30. */
    static List<Rung> rungs(int r, int maxResource, int eta, int s) {
        List<Rung> rungs = new ArrayList<>();
        long resource = bottomResource(r, eta, s, maxResource);
        while (resource < maxResource) {
            rungs.add(new Rung(rungs.size(), (int) resource));
            resource *= eta;
        }
        rungs.add(new Rung(rungs.size(), maxResource));
        return Collections.unmodifiableList(rungs);
    }

    /** η^k, saturating at {@code Long.MAX_VALUE}. */
    static long power(int eta, int k) {
        long p = 1;
        for (int i = 0; i < k; i++) {
            p = p > Long.MAX_VALUE / eta ? Long.MAX_VALUE : p * eta;
        }
        return p;
    }
}
