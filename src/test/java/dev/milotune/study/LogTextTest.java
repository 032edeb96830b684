package dev.milotune.study;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersCannotStartANewLogLine() {
        String forged = "study\n2026-01-01 INFO [dev.milotune] forged\r\u2028\u0007\u001b[31m";
        String escaped = LogText.escape(forged);
        assertThat(escaped).doesNotContain("\n", "\r", "\u2028", "\u0007", "\u001b");
        assertThat(escaped).isEqualTo("study\\n2026-01-01 INFO [dev.milotune] forged\\r\\u2028\\u0007\\u001b[31m");
    }

    @Test
    void longTextIsCut() {
        String escaped = LogText.escape("x".repeat(1_000_000));
        assertThat(escaped).hasSizeLessThan(LogText.MAX_LENGTH + 40).endsWith("... (1000000 characters)");
    }

    @Test
    void plainTextAndNullPassUnchanged() {
        assertThat(LogText.escape("quick-fashion-mnist (ü)")).isEqualTo("quick-fashion-mnist (ü)");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }
}
