package dev.milotune.persistence;

import dev.milotune.config.MilotuneConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jboss.logging.Logger;

/**
 * Applies the Flyway migrations before anything uses the database, and turns a database that
 * cannot be reached into a start-up error that names the setting to fix.
 */
@ApplicationScoped
class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private final Instance<Flyway> flyway;
    private final MilotuneConfig config;
    private final String url;

    SchemaMigration(Instance<Flyway> flyway, MilotuneConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        this.flyway = flyway;
        this.config = config;
        this.url = url;
    }

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.role().runsOrchestrator()) {
            return;
        }
        migrate(flyway.get());
    }

    private void migrate(Flyway flyway) {
        try {
            var result = flyway.migrate();
            LOG.infof("Database %s at schema version %s (%d migrations applied now)", url,
                    result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot use the database at quarkus.datasource.jdbc.url=" + url + ": "
                    + root.getMessage(), e);
        }
    }
}
