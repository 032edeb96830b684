package dev.milotune.persistence;

import io.quarkus.test.junit.QuarkusTest;

/** The storage contract on the embedded default database (an H2 file). */
@QuarkusTest
class H2RepositoryTest extends RepositoryContract {
}
