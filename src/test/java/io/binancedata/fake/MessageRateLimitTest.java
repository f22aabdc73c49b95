package io.binancedata.fake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRateLimitTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldAllowFiveMessagesInAnyOneSecondAndRefuseTheSixth() {
        MessageRateLimit limit = new MessageRateLimit(5);

        for (long at : new long[] {0, 100, 200, 300, 400}) {
            assertThat(limit.tryAcquire(at * MS)).as("message at %d ms", at).isTrue();
        }
        assertThat(limit.tryAcquire(999 * MS)).isFalse();
    }

    @Test
    void shouldSlideTheSecondSoOldMessagesStopCounting() {
        MessageRateLimit limit = new MessageRateLimit(5);

        for (long at : new long[] {0, 100, 200, 300, 400, 1_000, 1_100, 1_200, 1_300, 1_400}) {
            assertThat(limit.tryAcquire(at * MS)).as("message at %d ms", at).isTrue();
        }
        assertThat(limit.tryAcquire(1_999 * MS)).isFalse();
        assertThat(limit.tryAcquire(2_000 * MS)).isTrue();
    }
}
