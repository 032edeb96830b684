package dev.milotune.access;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.config.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The first admin: a configured token ({@code milotune.auth.admin-token}) is made known, or, when
 * no admin token exists yet, one is created and written to {@code <data-dir>/admin-token} (mode
 * 600), so the README's commands, the page and the scripts of a local run find it there.
 */
@ApplicationScoped
class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final int MIN_CONFIGURED_LENGTH = 32;

    private final ApiTokens tokens;
    private final MilotuneConfig config;

    AdminToken(ApiTokens tokens, MilotuneConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.role().runsOrchestrator() || !config.auth().enabled()) {
            return;
        }
        if (config.auth().adminToken().isPresent()) {
            String secret = config.auth().adminToken().get();
            if (secret.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("milotune.auth.admin-token has " + secret.length() + " characters, but needs at least "
                        + MIN_CONFIGURED_LENGTH);
            }
            tokens.ensure("admin (configured)", Role.ADMIN, secret);
            return;
        }
        Path file = config.dataDir().resolve("admin-token");
        if (!tokens.hasAdmin()) {
            Secrets.write(file, tokens.create("admin", Role.ADMIN).secret().getBytes(StandardCharsets.US_ASCII));
            LOG.infof("Created the API admin token, in %s (mode 600); send it as Authorization: Bearer <token>", file.toAbsolutePath());
        } else if (Files.exists(file)) {
            LOG.infof("API admin token: %s", file.toAbsolutePath());
        } else {
            LOG.warnf("An admin token exists but %s is gone; set milotune.auth.admin-token to get in again", file.toAbsolutePath());
        }
    }
}
