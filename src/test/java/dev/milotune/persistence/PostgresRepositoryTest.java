package dev.milotune.persistence;

import dev.milotune.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The storage contract on a real PostgreSQL server. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresRepositoryTest extends RepositoryContract {
}
