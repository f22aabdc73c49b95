package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameInboxTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void shouldHandEveryFrameOverInOrderInBatchesOfWhatArrivedMeanwhile() throws Exception {
        List<String> drained = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        CountDownLatch firstBatchTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameInbox inbox = new FrameInbox(1000, executor, batch -> {
            sizes.add(batch.count());
            for (int i = 0; i < batch.count(); i++) {
                drained.add(batch.text(i));
            }
            firstBatchTaken.countDown();
            await(release);
        }, null, null, 0);
        assertThat(inbox.offer("f0", 10, null)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 500; i++) {
            assertThat(inbox.offer(new StringBuilder("f").append(i), 10 + i, null)).isTrue();
        }
        assertThat(inbox.pending()).isEqualTo(500);
        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        assertThat(sizes).containsExactly(1, 500);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 500; i++) {
            expected.add("f" + i);
        }
        assertThat(drained).isEqualTo(expected);
    }

    @Test
    void shouldAskTheReaderToPauseAtTheBoundAndResumeItOnceTheBatchIsTaken() throws Exception {
        CountDownLatch firstBatchTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameInbox inbox = new FrameInbox(3, executor, batch -> {
            firstBatchTaken.countDown();
            await(release);
        }, null, null, 0);
        AtomicInteger resumed = new AtomicInteger();
        Runnable resume = resumed::incrementAndGet;
        assertThat(inbox.offer("a", 1, resume)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.offer("b", 2, resume)).isTrue();
        assertThat(inbox.offer("c", 3, resume)).isTrue();
        assertThat(inbox.offer("d", 4, resume)).as("the third waiting frame reaches the bound").isFalse();
        assertThat(resumed).hasValue(0);
        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        assertThat(resumed).as("resumed once, when the drain took the full batch").hasValue(1);
    }

    /** A stream stopped while its route is stuck: the reader it paused (a shared connection's) reads on. */
    @Test
    void shouldResumeThePausedReaderWhenReleasedWhileTheRouteIsStuck() throws Exception {
        CountDownLatch firstBatchTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameInbox inbox = new FrameInbox(2, executor, batch -> {
            firstBatchTaken.countDown();
            await(release);
        }, null, null, 0);
        AtomicInteger resumed = new AtomicInteger();
        assertThat(inbox.offer("a", 1, resumed::incrementAndGet)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.offer("b", 2, resumed::incrementAndGet)).isTrue();
        assertThat(inbox.offer("c", 3, resumed::incrementAndGet)).as("paused").isFalse();
        assertThat(inbox.awaitDrained(50)).as("stuck").isFalse();

        inbox.releaseReader();

        assertThat(resumed).as("resumed without the drain").hasValue(1);
        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        assertThat(resumed).as("not resumed twice").hasValue(1);
    }

    @Test
    void shouldHandABatchThatGrewBeyondTheBoundOverInExchangesOfAtMostTheBound() throws Exception {
        List<List<String>> exchanges = new ArrayList<>();
        CountDownLatch firstBatchTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameInbox inbox = new FrameInbox(3, executor, batch -> {
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < batch.count(); i++) {
                frames.add(batch.text(i) + "@" + batch.receiveTimeMicros(i));
            }
            exchanges.add(frames);
            firstBatchTaken.countDown();
            await(release);
        }, null, null, 0);
        AtomicInteger resumed = new AtomicInteger();
        Runnable resume = resumed::incrementAndGet;
        assertThat(inbox.offer("a", 1, resume)).isTrue();
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        List<Boolean> more = new ArrayList<>();
        for (String frame : List.of("b", "c", "d", "e", "f", "g", "h")) {
            // the socket delivers what it was asked for before the reader stopped asking: the inbox takes it all
            more.add(inbox.offer(frame, frame.charAt(0), resume));
        }
        assertThat(more).containsExactly(true, true, false, false, false, false, false);
        release.countDown();
        assertThat(inbox.awaitDrained(10_000)).isTrue();
        assertThat(exchanges).containsExactly(List.of("a@1"), List.of("b@98", "c@99", "d@100"),
                List.of("e@101", "f@102", "g@103"), List.of("h@104"));
        assertThat(resumed).hasValue(1);
    }

    @Test
    void shouldKeepReceiveTimesAndCopyTheFrameSoTheCallerMayReuseItsBuffer() throws Exception {
        List<String> texts = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        FrameInbox inbox = new FrameInbox(10, Runnable::run, batch -> {
            for (int i = 0; i < batch.count(); i++) {
                texts.add(batch.text(i));
                times.add(batch.receiveTimeMicros(i));
                done.countDown();
            }
        }, null, null, 0);
        StringBuilder reused = new StringBuilder("{\"x\":1}");
        inbox.offer(reused, 111, null);
        reused.setLength(0);
        reused.append("{\"y\":22}");
        inbox.offer(reused, 222, null);
        assertThat(done.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(texts).containsExactly("{\"x\":1}", "{\"y\":22}");
        assertThat(times).containsExactly(111L, 222L);
    }

    @Test
    void shouldTakeTurnsOfOneBatchWithOtherStreamsOnASharedThread() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            List<String> turns = new ArrayList<>();
            CountDownLatch firstBatchTaken = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FrameInbox a = new FrameInbox(1000, oneThread, batch -> {
                turns.add("a" + batch.count());
                firstBatchTaken.countDown();
                await(release);
            }, null, null, 0);
            FrameInbox b = new FrameInbox(1000, oneThread, batch -> turns.add("b" + batch.count()), null, null, 0);
            a.offer("a0", 1, null);
            assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
            a.offer("a1", 2, null);
            a.offer("a2", 3, null);
            b.offer("b0", 4, null);
            a.offer("a3", 5, null);
            release.countDown();
            assertThat(a.awaitDrained(10_000)).isTrue();
            assertThat(b.awaitDrained(10_000)).isTrue();
            assertThat(turns).as("a busy stream goes back in the queue behind the others after each batch")
                    .containsExactly("a1", "b1", "a3");
        } finally {
            oneThread.shutdownNow();
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
