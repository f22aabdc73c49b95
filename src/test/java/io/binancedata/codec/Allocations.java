package io.binancedata.codec;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Measures heap allocation of the test thread around a hot loop. */
public final class Allocations {
    private static final int ROUNDS = 10;

    private Allocations() {
    }

    /**
     * Runs {@code action} for indexes 0..count-1 in one warm-up and {@value #ROUNDS} measured rounds, and
     * asserts that it does not allocate per call. The JVM itself occasionally allocates a few hundred bytes
     * on the thread (JIT transitions), so every round must stay under one byte per call and most rounds
     * must allocate nothing at all.
     */
    public static void assertNoAllocationPerCall(final int count, final IntToLongFunction action) {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] allocatedPerRound = new long[ROUNDS];
        long sink = 0;
        for (int round = -1; round < ROUNDS; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < count; i++) {
                sink += action.applyAsLong(i);
            }
            if (round >= 0) {
                allocatedPerRound[round] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }
        final String rounds = Arrays.toString(allocatedPerRound);
        assertThat(sink).isNotZero();
        assertThat(Arrays.stream(allocatedPerRound).max().orElseThrow())
            .as("most bytes allocated in a round of %d calls: %s", count, rounds).isLessThan(count);
        assertThat(Arrays.stream(allocatedPerRound).filter(bytes -> bytes == 0).count())
            .as("rounds without any allocation: %s", rounds).isGreaterThanOrEqualTo(ROUNDS / 2);
    }
}
