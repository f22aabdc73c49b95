package io.binancedata.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that takes runs gets the spooled messages as many at a time as it takes, in order; a run holding a message
 * it rejects is tried again one message at a time, so that only that one is set aside.
 */
class SpoolRunsTest {
    private static final int MAX_RUN = 4;
    private static final long INVALID = 13;

    @TempDir
    Path dir;

    /** The runs the sink accepted, each as the numbers of its messages. */
    private final List<List<Long>> accepted = new ArrayList<>();
    private volatile boolean up;

    /** Takes runs of up to four; fails while down; rejects a run holding message 13 before taking any of it. */
    private final Delivery sink = new Delivery() {
        @Override
        public void deliver(SpoolRecord record) throws Exception {
            deliver(List.of(record));
        }

        @Override
        public int maxRun() {
            return MAX_RUN;
        }

        @Override
        public void deliver(List<SpoolRecord> run) throws Exception {
            if (!up) {
                throw new IOException("sink down");
            }
            List<Long> numbers = run.stream().map(record -> TestMessages.seq(record.body())).toList();
            if (numbers.contains(INVALID)) {
                throw new MessageRejectedException(new IllegalArgumentException("message " + INVALID + " is invalid"));
            }
            synchronized (accepted) {
                accepted.add(numbers);
            }
        }
    };

    @Test
    void shouldRedeliverSpooledMessagesInRunsAndSetAsideOnlyTheRejectedOne() throws Exception {
        // the breaker stays closed however often the sink fails, and the drainer retries every 5 ms
        SpoolSettings settings = new SpoolSettings(0, 5, 100, 1000, 1000, Duration.ofSeconds(1), 1 << 20, 64 << 10,
                false, 0);
        SpoolCounters counters = new SpoolCounters();
        try (SpoolStore store = SpoolStore.open(dir, 1 << 20, 64 << 10, false)) {
            SpoolingSink spooling = new SpoolingSink("runs", store, sink, settings, counters);
            spooling.start();
            try {
                for (long seq = 1; seq <= 20; seq++) {
                    spooling.send(new SpoolRecord(TestMessages.headers("BTCUSDT", seq), TestMessages.body(seq)));
                }
                assertThat(counters.spooled()).isEqualTo(20);

                up = true;
                await().atMost(Duration.ofSeconds(10)).until(store::isEmpty);
            } finally {
                spooling.close();
            }
            synchronized (accepted) {
                assertThat(accepted).containsExactly(List.of(1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L),
                        List.of(9L, 10L, 11L, 12L), List.of(14L), List.of(15L), List.of(16L),
                        List.of(17L, 18L, 19L, 20L));
            }
            assertThat(counters.redelivered()).isEqualTo(19);
            assertThat(counters.rejected()).isEqualTo(1);
        }
        try (SpoolSegment rejected = SpoolSegment.open(dir.resolve(SpoolStore.REJECTED_FILE), -1, false)) {
            SpoolEntry kept = rejected.read(SpoolSegment.HEADER_LENGTH);
            assertThat(TestMessages.seq(kept.record().body())).isEqualTo(INVALID);
            assertThat(rejected.size()).as("nothing else set aside")
                    .isEqualTo(SpoolSegment.HEADER_LENGTH + kept.length());
        }
    }
}
