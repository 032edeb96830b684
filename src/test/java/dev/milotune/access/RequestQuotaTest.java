package dev.milotune.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestQuotaTest {

    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void aCallerGetsItsLimitPerWindowAndIsToldWhenTheNextFits() {
        RequestQuota quota = new RequestQuota(3, Duration.ofHours(1));
        assertThat(quota.tryAcquire("alice", T0)).isEmpty();
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(600))).isEmpty();
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(1200))).isEmpty();
        // The fourth within the hour is refused until the first leaves the window, and is not counted.
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(1800))).contains(Duration.ofSeconds(1800));
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(3599))).contains(Duration.ofSeconds(1));
        assertThat(quota.tryAcquire("bob", T0.plusSeconds(3599))).isEmpty();
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(3600))).isEmpty();
        assertThat(quota.tryAcquire("alice", T0.plusSeconds(3601))).contains(Duration.ofSeconds(599));
    }

    @Test
    void aZeroLimitRefusesEveryRequestAndABadQuotaIsRefused() {
        assertThat(new RequestQuota(0, Duration.ofMinutes(1)).tryAcquire("alice", T0)).contains(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new RequestQuota(-1, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestQuota(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
