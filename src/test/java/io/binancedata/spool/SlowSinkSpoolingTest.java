package io.binancedata.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink slower than {@code slowDeliveryMillis} is spooled until its drainer has caught up; order is kept. */
class SlowSinkSpoolingTest {
    @TempDir
    Path dir;

    private final List<Long> received = new ArrayList<>();
    /** Released when the sink may answer again (every call after the first waits for it). */
    private final CountDownLatch sinkBack = new CountDownLatch(1);
    private volatile int calls;

    private void deliver(SpoolRecord record) throws InterruptedException {
        int call = ++calls;
        if (call == 1) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30)); // the sink's own slowness: over the 10 ms threshold
        } else if (!sinkBack.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never let the sink answer");
        }
        synchronized (received) {
            received.add(TestMessages.seq(record.body()));
        }
    }

    private static SpoolRecord message(long seq) {
        return new SpoolRecord(TestMessages.headers("BTCUSDT", seq), TestMessages.body(seq));
    }

    @Test
    void shouldSpoolEveryMessageAfterASlowDeliveryUntilTheDrainerHasCaughtUpThenDeliverDirectlyAgain()
            throws Exception {
        SpoolSettings defaults = SpoolSettings.defaults();
        SpoolSettings settings = new SpoolSettings(defaults.maxRedeliveries(), defaults.redeliveryDelayMillis(),
                defaults.failureRateThreshold(), defaults.minimumCalls(), defaults.slidingWindowSize(),
                defaults.waitDurationInOpenState(), defaults.maxSpoolBytes(), defaults.segmentBytes(), false, 10);
        SpoolCounters counters = new SpoolCounters();
        try (SpoolStore store = SpoolStore.open(dir, 1 << 20, 64 << 10, false);
             LogCapture log = new LogCapture(SpoolingSink.class)) {
            SpoolingSink sink = new SpoolingSink("slow", store, this::deliver, settings, counters);
            sink.start();
            try {
                sink.send(message(1));
                assertThat(sink.isSlow()).isTrue();
                // the sink now blocks every call: a send that tried it would hang here
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    for (long seq = 2; seq <= 101; seq++) {
                        sink.send(message(seq));
                    }
                });
                assertThat(counters.delivered()).isEqualTo(1);
                assertThat(counters.spooled()).isEqualTo(100);

                sinkBack.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> !sink.isSlow());
                assertThat(counters.redelivered()).isEqualTo(100);
                sink.send(message(102));
                assertThat(counters.delivered()).as("direct again").isEqualTo(2);
                assertThat(counters.spooled()).isEqualTo(100);
                synchronized (received) {
                    List<Long> expected = new ArrayList<>();
                    for (long seq = 1; seq <= 102; seq++) {
                        expected.add(seq);
                    }
                    assertThat(received).isEqualTo(expected);
                }
                assertThat(log.events()).anyMatch(e -> e.startsWith("INFO sink slow slow (a delivery took ")
                        && e.endsWith(" ms, over 10 ms), spooling until it has caught up"));
                assertThat(log.events()).contains("INFO sink slow caught up, 100 spooled messages re-delivered");
            } finally {
                sink.close();
            }
        }
    }

    /** Slow now and then (a sink near the threshold): one INFO pair per minute, not one per switch. */
    @Test
    void shouldLogASinkThatKeepsTurningSlowOncePerMinute() throws Exception {
        SpoolSettings defaults = SpoolSettings.defaults();
        SpoolSettings settings = new SpoolSettings(defaults.maxRedeliveries(), defaults.redeliveryDelayMillis(),
                defaults.failureRateThreshold(), defaults.minimumCalls(), defaults.slidingWindowSize(),
                defaults.waitDurationInOpenState(), defaults.maxSpoolBytes(), defaults.segmentBytes(), false, 10);
        java.util.concurrent.atomic.AtomicBoolean slowNow = new java.util.concurrent.atomic.AtomicBoolean();
        SpoolCounters counters = new SpoolCounters();
        try (SpoolStore store = SpoolStore.open(dir, 1 << 20, 64 << 10, false);
             LogCapture log = new LogCapture(SpoolingSink.class)) {
            SpoolingSink sink = new SpoolingSink("edge", store, record -> {
                if (slowNow.getAndSet(false)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30)); // the sink's own slowness
                }
                synchronized (received) {
                    received.add(TestMessages.seq(record.body()));
                }
            }, settings, counters);
            sink.start();
            try {
                long seq = 0;
                for (int cycle = 1; cycle <= 3; cycle++) {
                    slowNow.set(true);
                    sink.send(message(++seq));
                    assertThat(sink.isSlow()).as("cycle " + cycle).isTrue();
                    sink.send(message(++seq)); // spooled
                    await().atMost(Duration.ofSeconds(10)).until(() -> !sink.isSlow());
                }
                assertThat(counters.spooled()).isEqualTo(3);
                assertThat(log.eventsContaining("slow (a delivery took ")).hasSize(1)
                        .allMatch(e -> e.startsWith("INFO sink edge slow (a delivery took "));
                assertThat(log.eventsContaining("caught up,")).containsExactly(
                        "INFO sink edge caught up, 1 spooled messages re-delivered");
                synchronized (received) {
                    assertThat(received).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
                }
            } finally {
                sink.close();
            }
        }
    }
}
