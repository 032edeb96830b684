package dev.milotune.worker;

import dev.milotune.wire.Cancel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cancel messages this worker has seen. Training checks them before every batch, so a cancelled
 * trial stops within one batch; a task of a cancelled study or trial is not started.
 */
@ApplicationScoped
public class Cancellations {

    private final CopyOnWriteArrayList<Cancel> cancels = new CopyOnWriteArrayList<>();

    public void add(Cancel cancel) {
        cancels.add(cancel);
    }

    boolean isCancelled(String studyId, String trialId) {
        for (Cancel cancel : cancels) {
            if (cancel.covers(studyId, trialId)) {
                return true;
            }
        }
        return false;
    }
}
