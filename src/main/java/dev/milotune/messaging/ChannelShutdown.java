package dev.milotune.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Stops taking messages as soon as shutdown begins, before the database closes: a record that
 * arrives then stays uncommitted and is delivered again after the restart, instead of failing
 * against a closed database and landing on the dead-letter topic.
 */
@ApplicationScoped
class ChannelShutdown {

    private final ChannelRegistry registry;

    ChannelShutdown(ChannelRegistry registry) {
        this.registry = registry;
    }

    void pause(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        for (Channels.Use use : Channels.ALL) {
            if (use.direction().equals("incoming")) {
                PausableChannel channel = registry.getPausable(use.name());
                if (channel != null) {
                    channel.pause();
                }
            }
        }
    }
}
