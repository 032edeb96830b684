package dev.milotune.persistence;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;

/** The storage contract on the embedded default database (an H2 file). */
@QuarkusTest
@Tag("service")
class H2RepositoryTest extends RepositoryContract {
}
