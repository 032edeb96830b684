package dev.milotune.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token lifetimes, on an in-memory H2 database with the real migrations and a clock the test sets. */
class ApiTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private final JdbcDataSource database = new JdbcDataSource();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void schema() throws Exception {
        database.setURL("jdbc:h2:mem:tokens-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = database.getConnection(); var s = c.createStatement()) {
            for (String migration : new String[] {"V4__api_tokens.sql", "V6__token_expiry.sql"}) {
                s.execute(Files.readString(Path.of("src/main/resources/db/migration", migration)));
            }
        }
    }

    @Test
    void aTokenWithALifetimeStopsWorkingWhenItEndsAndOneWithoutLastsUntilRevoked() {
        ApiTokens tokens = new ApiTokens(() -> database, clock);
        ApiTokens.Created day = tokens.create("ci", Role.MEMBER, Duration.ofDays(1));
        ApiTokens.Created forever = tokens.create("laptop", Role.VIEWER);
        assertThat(day.token().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(forever.token().expiresAt()).isNull();

        now = T0.plus(Duration.ofDays(1)).minusMillis(1);
        assertThat(tokens.verify(day.secret())).map(Caller::name).contains("ci");
        now = T0.plus(Duration.ofDays(1));
        assertThat(tokens.verify(day.secret())).isEmpty();
        assertThat(tokens.verify(forever.secret())).map(Caller::name).contains("laptop");

        // A fresh process reads the lifetime back from the database.
        ApiTokens restarted = new ApiTokens(() -> database, clock);
        assertThat(restarted.verify(day.secret())).isEmpty();
        now = T0;
        assertThat(restarted.verify(day.secret())).isPresent();
        assertThat(restarted.list()).extracting(ApiTokens.Token::expiresAt).containsExactlyInAnyOrder(T0.plus(Duration.ofDays(1)), null);
    }

    @Test
    void anExpiredAdminTokenDoesNotCountAsAnAdminAndLifetimesAreBounded() {
        ApiTokens tokens = new ApiTokens(() -> database, clock);
        tokens.create("admin-for-an-hour", Role.ADMIN, Duration.ofHours(1));
        assertThat(tokens.hasAdmin()).isTrue();
        now = T0.plus(Duration.ofHours(1));
        assertThat(tokens.hasAdmin()).isFalse();
        assertThatThrownBy(() -> tokens.create("x", Role.VIEWER, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("x", Role.VIEWER, ApiTokens.MAX_LIFETIME.plusDays(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
