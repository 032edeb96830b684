package dev.milotune.config;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Keeps the console to milotune's own progress and to warnings and errors from anything; the
 * libraries' INFO lines (Kafka, SmallRye, Flyway, Hibernate, DJL) go only to the log file under
 * the data dir ({@code <data-dir>/logs/milotune.log}). Quarkus's own start and stop lines stay.
 */
@LoggingFilter(name = "milotune-console")
public final class ConsoleFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            return true;
        }
        String logger = record.getLoggerName();
        return logger != null && (logger.startsWith("dev.milotune.") || logger.equals("io.quarkus"));
    }
}
