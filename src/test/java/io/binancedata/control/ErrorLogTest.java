package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorLogTest {
    private static final String LOGGER = "io.binancedata.control.ErrorLogTest.log";
    private final AtomicLong clock = new AtomicLong();
    private final ErrorLog errors = new ErrorLog(LoggerFactory.getLogger(LOGGER), Duration.ofMinutes(1), clock::get);

    @Test
    void shouldLogEachDistinctErrorOncePerIntervalWithTheRepeatsCounted() {
        try (LogCapture log = new LogCapture(LOGGER)) {
            IllegalStateException boom = new IllegalStateException("boom");
            assertThat(errors.report("request", boom, false)).isTrue();
            for (int i = 0; i < 100; i++) {
                assertThat(errors.report("request", new IllegalStateException("boom"), false)).isFalse();
            }
            assertThat(errors.report("request", new IllegalArgumentException("other"), true)).isTrue();
            clock.addAndGet(Duration.ofSeconds(59).toNanos());
            assertThat(errors.report("request", boom, false)).isFalse();
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(errors.report("request", boom, false)).isTrue();
            assertThat(log.events()).containsExactly(
                    "ERROR request failed (0 repeats not logged since the last report): java.lang.IllegalStateException: boom",
                    "WARN request failed (0 repeats not logged since the last report): java.lang.IllegalArgumentException: other",
                    "ERROR request failed (101 repeats not logged since the last report): java.lang.IllegalStateException: boom");
        }
    }
}
