package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.config.SecretFile;
import dev.milotune.wire.SegmentSeals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * The orchestrator's segment key, read from its file or created there on first start (32 bytes
 * from {@link SecureRandom}, mode 600), so seals stay valid across restarts. Resolved only by the
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
            if (key.length < SegmentSeals.MIN_KEY_BYTES) {
                throw new IllegalStateException("milotune.orchestrator.segment-key has " + key.length + " bytes, but needs at least "
                        + SegmentSeals.MIN_KEY_BYTES);
            }
            return new SegmentSeals(key);
        }
        Path file = config.orchestrator().segmentKeyFile().orElse(config.dataDir().resolve("orchestrator").resolve("segment.key"));
        return new SegmentSeals(readOrCreate(file));
    }

    static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[SegmentSeals.MIN_KEY_BYTES];
                new SecureRandom().nextBytes(key);
                SecretFile.write(file, key);
                LOG.infof("Created the segment key %s (mode 600)", file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < SegmentSeals.MIN_KEY_BYTES) {
                throw new IllegalStateException("segment key " + file + " has " + key.length + " bytes, but needs at least "
                        + SegmentSeals.MIN_KEY_BYTES + "; delete it to have a new one created");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the segment key " + file, e);
        }
    }
}
