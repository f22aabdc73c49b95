package io.binancedata.ws;

import io.binancedata.stream.FrameBatch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link FrameInbox} with a {@link FrameSpill}: the reader goes on past the memory bound, order is kept. */
class FrameSpillTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> drained = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> times = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstBatchTaken = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger spilled = new AtomicInteger();
    private final AtomicInteger full = new AtomicInteger();
    private final FrameSpill.Listener listener = new FrameSpill.Listener() {
        @Override
        public void onSpilled() {
            spilled.incrementAndGet();
        }

        @Override
        public void onFull() {
            full.incrementAndGet();
        }
    };

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** An inbox whose drain records every frame and holds its first batch until {@link #release}. */
    private FrameInbox inbox(int maxFrames, FrameSpill spill) {
        return new FrameInbox(maxFrames, executor, batch -> {
            sizes.add(batch.count());
            for (int i = 0; i < batch.count(); i++) {
                drained.add(batch.text(i));
                times.add(batch.receiveTimeMicros(i));
            }
            firstBatchTaken.countDown();
            await(release);
        }, spill, null, 0);
    }

    private static String frame(int i) {
        return "{\"e\":\"trade\",\"s\":\"币安人生USDT\",\"t\":" + i + "}";
    }

    @Test
    void shouldKeepReadingPastTheMemoryBoundAndHandOverEveryFrameInOrder() throws Exception {
        FrameSpill spill = FrameSpill.open(dir, "trade-x", 1 << 20, listener);
        FrameInbox inbox = inbox(10, spill);
        Runnable resume = () -> {
            throw new AssertionError("the reader never pauses below the spill's bound");
        };
        assertThat(inbox.offer(frame(0), 1_000, resume)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 5_000; i++) {
            assertThat(inbox.offer(frame(i), 1_000 + i, resume)).as("frame " + i).isTrue();
        }
        assertThat(inbox.pending()).as("frames in memory").isEqualTo(10);
        assertThat(spill.pendingFrames()).isEqualTo(4_990);
        assertThat(spilled).hasValue(4_990);
        assertThat(segmentFiles()).as("256 KiB segments").hasSizeGreaterThanOrEqualTo(2);

        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        List<String> expected = new ArrayList<>();
        List<Long> expectedTimes = new ArrayList<>();
        for (int i = 0; i <= 5_000; i++) {
            expected.add(frame(i));
            expectedTimes.add(1_000L + i);
        }
        assertThat(drained).isEqualTo(expected);
        assertThat(times).isEqualTo(expectedTimes);
        assertThat(sizes).allMatch(n -> n <= 10);
        assertThat(spill.pendingFrames()).isZero();
        assertThat(spill.diskBytes()).isZero();
        assertThat(segmentFiles()).as("read segments deleted, the last one emptied").hasSize(1);
        assertThat(Files.size(segmentFiles().get(0))).isZero();
        assertThat(full).hasValue(0);

        spill.close();
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void shouldKeepBackPressureWhileTheRouteTakesBatchesAndSpillOnlyOnceItIsStuck() throws Exception {
        FrameSpill spill = FrameSpill.open(dir, "trade-x", 1 << 20, listener);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            FrameInbox inbox = new FrameInbox(10, executor, batch -> {
                sizes.add(batch.count());
                for (int i = 0; i < batch.count(); i++) {
                    drained.add(batch.text(i));
                }
                firstBatchTaken.countDown();
                await(release);
            }, spill, timer, TimeUnit.MILLISECONDS.toNanos(50));
            CountDownLatch resumed = new CountDownLatch(1);
            assertThat(inbox.offer(frame(0), 0, resumed::countDown)).isTrue();
            assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
            int offered = 1;
            while (inbox.offer(frame(offered), offered, resumed::countDown)) {
                offered++;
            }
            assertThat(offered).as("paused at the memory bound, not spilling yet").isEqualTo(10);
            assertThat(spill.pendingFrames()).isZero();
            assertThat(resumed.await(10, TimeUnit.SECONDS)).as("resumed once the route took no batch for 50 ms")
                    .isTrue();
            for (int i = offered + 1; i <= 100; i++) {
                assertThat(inbox.offer(frame(i), i, () -> { })).as("frame %d", i).isTrue();
            }
            assertThat(spill.pendingFrames()).as("every frame after the resume went to the spill").isEqualTo(90);
            release.countDown();
            assertThat(inbox.awaitDrained(10_000)).isTrue();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i <= 100; i++) {
                expected.add(frame(i));
            }
            assertThat(drained).isEqualTo(expected);
        } finally {
            timer.shutdownNow();
            spill.close();
        }
    }

    @Test
    void shouldPauseTheReaderAtTheSpillBoundAndResumeItOnceTheDrainFreedRoom() throws Exception {
        FrameSpill spill = FrameSpill.open(dir, "trade-x", FrameSpill.MIN_BYTES, listener);
        FrameInbox inbox = inbox(2, spill);
        AtomicInteger resumed = new AtomicInteger();
        Runnable resume = resumed::incrementAndGet;
        String padding = "x".repeat(1_000);
        assertThat(inbox.offer(numbered(0, padding), 0, resume)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        int offered = 1;
        while (inbox.offer(numbered(offered, padding), offered, resume)) {
            offered++;
        }
        // 2 in memory, then records of 12 + 2 x 1,004 bytes until the files hold the 256 KiB bound
        int record = 12 + 2 * 1_004;
        assertThat(offered).isEqualTo(2 + (int) ((FrameSpill.MIN_BYTES + record - 1) / record));
        assertThat(inbox.offer("late", offered + 1, resume)).as("still paused, the frame still kept").isFalse();
        assertThat(full).hasValue(1);
        assertThat(resumed).hasValue(0);

        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        assertThat(resumed).as("resumed once, when the first read segment was deleted").hasValue(1);
        assertThat(drained).hasSize(offered + 2);
        for (int i = 0; i <= offered; i++) {
            assertThat(drained.get(i)).isEqualTo(numbered(i, padding));
        }
        assertThat(drained.get(offered + 1)).isEqualTo("late");
        spill.close();
    }

    /** A stream stopped while its route is stuck: the shared connection it paused must read on for the others. */
    @Test
    void shouldResumeTheReaderItPausedWhenClosed() throws Exception {
        FrameSpill spill = FrameSpill.open(dir, "trade-x", FrameSpill.MIN_BYTES, listener);
        AtomicInteger resumed = new AtomicInteger();
        String padding = "x".repeat(1_000);
        int appended = 0;
        while (spill.append(numbered(appended, padding), appended, resumed::incrementAndGet)) {
            appended++;
        }
        assertThat(resumed).hasValue(0);

        spill.close();

        assertThat(resumed).as("the reader reads on").hasValue(1);
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void shouldDeleteWhatAnEarlierRunSpilledAndSayTheGuardFetchesIt() throws Exception {
        Files.write(dir.resolve("trade-x-7.spill"), new byte[100]);
        Files.write(dir.resolve("trade-xy-0.spill"), new byte[5]);
        try (LogCapture log = new LogCapture(FrameSpill.class)) {
            FrameSpill spill = FrameSpill.open(dir, "trade-x", FrameSpill.MIN_BYTES, listener);
            assertThat(log.events()).containsExactly("WARN Stream trade-x: 100 bytes of frames spilled by an earlier "
                    + "run were never processed; deleted them: the sequence guard fetches what they held over REST "
                    + "from its checkpoint");
            spill.close();
        }
        assertThat(dir.resolve("trade-x-7.spill")).doesNotExist();
        assertThat(dir.resolve("trade-xy-0.spill")).as("another stream's").exists();
    }

    @Test
    void shouldDropWhatIsStillSpilledWhenClosedWithAWarning() throws Exception {
        FrameSpill spill = FrameSpill.open(dir, "trade-x", FrameSpill.MIN_BYTES, listener);
        assertThat(spill.append(frame(1), 1, null)).isTrue();
        assertThat(spill.append(frame(2), 2, null)).isTrue();
        try (LogCapture log = new LogCapture(FrameSpill.class)) {
            spill.close();
            assertThat(log.events()).containsExactly("WARN Stream trade-x: stopped with 2 spilled frames not "
                    + "processed; the sequence guard fetches them over REST from its checkpoint at the next start");
        }
        assertThat(segmentFiles()).isEmpty();
        assertThat(spill.holdsFrames()).isFalse();
    }

    private static String numbered(int i, String padding) {
        return String.format("%04d", i) + padding;
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("trade-x-")).sorted().toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
