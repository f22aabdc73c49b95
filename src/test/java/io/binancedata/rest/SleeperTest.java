package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SleeperTest {
    @Test
    void shouldParkForAtLeastTheTimeAsked() throws Exception {
        long start = System.nanoTime();
        Sleeper.parking().sleep(Duration.ofMillis(20).toNanos());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void shouldStopAtAnInterruptInsteadOfWaitingOut() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Sleeper.parking().sleep(Duration.ofMinutes(2).toNanos()))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the flag is cleared, as InterruptedException promises").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    }
}
