package dev.milotune.persistence;

import dev.milotune.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import io.quarkus.test.junit.TestProfile;

/** The storage contract on a real PostgreSQL server. */
@QuarkusTest
@Tag("service")
@TestProfile(PostgresProfile.class)
class PostgresRepositoryTest extends RepositoryContract {
}
