package dev.milotune.worker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Models that finished a segment on this worker, kept in memory so that the trial's next segment
 * (a promotion, which Kafka routes back here: tasks are keyed by trial) goes on without reading
 * its checkpoint back. A model is taken only by a task that resumes from exactly the state it holds
 * (same trial, seed and hyperparameters, its epochs done, the checkpoint it wrote); anything else
 * trains from the checkpoint as before. At most {@code capacity} models, least recently stored
 * first out.
 */
final class WarmModels {

    /** What a kept model is: whose, and after which epoch and checkpoint. */
    record Key(String trialId, long seed, Map<String, Object> hyperparameters, int epochsDone, String checkpoint) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Map.Entry<Key, SegmentTrainer>> models = new LinkedHashMap<>();

    WarmModels(int capacity) {
        this.capacity = capacity;
    }

    /** The model for a task that resumes {@code wanted}, taken out of the cache; empty when there is none. */
    synchronized Optional<SegmentTrainer> take(Key wanted) {
        Map.Entry<Key, SegmentTrainer> entry = models.remove(wanted.trialId());
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.getKey().equals(wanted)) {
            entry.getValue().close();
            return Optional.empty();
        }
        return Optional.of(entry.getValue());
    }

    /** Keeps {@code trainer}; the cache owns it from now on. */
    synchronized void keep(Key key, SegmentTrainer trainer) {
        Objects.requireNonNull(trainer, "trainer");
        Map.Entry<Key, SegmentTrainer> old = models.put(key.trialId(), Map.entry(key, trainer));
        if (old != null && old.getValue() != trainer) {
            old.getValue().close();
        }
        Iterator<Map.Entry<Key, SegmentTrainer>> oldest = models.values().iterator();
        while (models.size() > capacity && oldest.hasNext()) {
            oldest.next().getValue().close();
            oldest.remove();
        }
    }

    synchronized int size() {
        return models.size();
    }

    /** Closes and forgets every model. */
    synchronized void clear() {
        models.values().forEach(e -> e.getValue().close());
        models.clear();
    }
}
