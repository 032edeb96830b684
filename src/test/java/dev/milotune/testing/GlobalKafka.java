package dev.milotune.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every Quarkus test gets a Kafka broker that the test started, unless its profile disables the
 * global resources (the embedded-default test lets the application start its own).
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
public final class GlobalKafka {
    private GlobalKafka() {
    }
}
