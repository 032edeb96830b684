package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.config.Secrets;
import dev.milotune.wire.SegmentSeals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The orchestrator's segment key, read from its file or created there on first start (32 bytes
 * from {@link Secrets#random}, mode 600), so seals stay valid across restarts. Resolved only by the
 * orchestrator's beans when they start (a worker never creates one).
 */
@ApplicationScoped
class SegmentKey {

    private static final Logger LOG = Logger.getLogger(SegmentKey.class);

    @Produces
    @jakarta.inject.Singleton
    SegmentSeals seals(MilotuneConfig config) {
        if (config.orchestrator().segmentKey().isPresent()) {
            byte[] key;
            try {
                key = java.util.Base64.getDecoder().decode(config.orchestrator().segmentKey().get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("milotune.orchestrator.segment-key is not base64: " + e.getMessage());
            }
            return new SegmentSeals(longEnough(key, "milotune.orchestrator.segment-key"));
        }
        Path file = config.orchestrator().segmentKeyFile().orElse(config.dataDir().resolve("orchestrator").resolve("segment.key"));
        return new SegmentSeals(longEnough(readOrCreate(file), "the segment key " + file + " (delete it to have a new one created)"));
    }

    private static byte[] longEnough(byte[] key, String source) {
        if (key.length < SegmentSeals.MIN_KEY_BYTES) {
            throw new IllegalStateException(source + " has " + key.length + " bytes, but needs at least " + SegmentSeals.MIN_KEY_BYTES);
        }
        return key;
    }

    static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Secrets.write(file, Secrets.random(SegmentSeals.MIN_KEY_BYTES));
                LOG.infof("Created the segment key %s (mode 600)", file);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the segment key " + file, e);
        }
    }
}
