package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.binancedata.stream.FrameBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream whose frame waits for its gap to be fetched holds no drain thread: the pipeline holds that frame and the
 * later ones back, the inbox parks (no drain however many frames come) until woken, then runs the held frames first,
 * in order; a parked stream's further frames go to the spill beyond a few dozen. The drains run on the test thread
 * (a queue of tasks), so every step is seen as it happens.
 */
class FrameInboxParkingTest {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor = tasks::add;
    private final List<String> drained = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    /** The frame the "pipeline" holds back (its gap being fetched); null: it takes every frame. */
    private String waitingAt;

    private final Consumer<FrameBatch> pipeline = batch -> {
        batches.add(batch.count());
        for (int i = 0; i < batch.count(); i++) {
            if (batch.text(i).equals(waitingAt)) {
                batch.holdFrom(i);
                return;
            }
            drained.add(batch.text(i));
        }
    };

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    @Test
    void shouldParkAtAHeldFrameAndRunTheHeldFramesFirstOnceWoken() throws Exception {
        FrameInbox inbox = new FrameInbox(1000, executor, pipeline, null, null, 0);
        waitingAt = "gap";
        for (String frame : List.of("a", "b", "gap", "c")) {
            assertThat(inbox.offer(frame, 1, null)).isTrue();
        }
        runTasks();
        assertThat(drained).containsExactly("a", "b");
        assertThat(inbox.parked()).isTrue();

        assertThat(inbox.offer("d", 2, null)).isTrue();
        assertThat(tasks).as("no drain is scheduled for a parked stream").isEmpty();
        assertThat(inbox.awaitDrained(10)).as("the held frames are not drained yet").isFalse();
        assertThat(inbox.pending()).as("gap, c and d wait in memory").isEqualTo(3);

        waitingAt = null;
        inbox.wake();
        assertThat(inbox.parked()).isFalse();
        runTasks();
        assertThat(drained).containsExactly("a", "b", "gap", "c", "d");
        assertThat(batches).as("the held frames and the newer one in one batch").containsExactly(4, 3);
        assertThat(inbox.awaitDrained(10)).isTrue();
    }

    /**
     * A catch-up (trades a data-stall probe found missing) runs in a batch of its own when no frame waits, parks the
     * stream while its trades are fetched, and runs again first once woken, before the frames that came meanwhile.
     */
    @Test
    void shouldRunACatchUpAloneAndParkWhileItsTradesAreFetched() throws Exception {
        List<Long> catchUps = new ArrayList<>();
        boolean[] fetching = {true};
        FrameInbox inbox = new FrameInbox(1000, executor, batch -> {
            if (batch.catchUpTradeId() != FrameBatch.NO_CATCH_UP) {
                catchUps.add(batch.catchUpTradeId());
                if (fetching[0]) {
                    if (batch.count() > 0) {
                        batch.holdFrom(0);
                    }
                    return; // still asked for: the fetch runs
                }
                batch.catchUpDone();
            }
            pipeline.accept(batch);
        }, null, null, 0);
        inbox.catchUp(130, 5);
        assertThat(tasks).as("a drain for the catch-up alone").hasSize(1);
        runTasks();
        assertThat(catchUps).containsExactly(130L);
        assertThat(inbox.parked()).isTrue();
        assertThat(inbox.quiescent()).as("the catch-up still waits").isFalse();

        assertThat(inbox.offer("131", 6, null)).isTrue();
        inbox.catchUp(129, 6);
        assertThat(tasks).isEmpty();
        fetching[0] = false;
        inbox.wake();
        runTasks();
        assertThat(catchUps).as("the highest id asked for, run again once woken").containsExactly(130L, 130L);
        assertThat(drained).containsExactly("131");
        assertThat(inbox.awaitDrained(10)).isTrue();
        assertThat(inbox.quiescent()).isTrue();
    }

    @Test
    void shouldNotParkWhenWokenBeforeTheTurnEnds() throws Exception {
        FrameInbox[] inbox = new FrameInbox[1];
        inbox[0] = new FrameInbox(1000, executor, batch -> {
            pipeline.accept(batch);
            if (batch.held() > 0) {
                waitingAt = null;
                inbox[0].wake(); // the gap's outcome is ready before the drain has parked
            }
        }, null, null, 0);
        waitingAt = "gap";
        inbox[0].offer("gap", 1, null);
        inbox[0].offer("b", 2, null);
        runTasks();
        assertThat(inbox[0].parked()).isFalse();
        assertThat(drained).containsExactly("gap", "b");
        assertThat(inbox[0].awaitDrained(10)).isTrue();
    }

    @Test
    void shouldHoldTheFramesAfterTheHeldOneInTheirOrderWhenABatchGoesThroughInSeveralExchanges() throws Exception {
        FrameInbox inbox = new FrameInbox(2, executor, pipeline, null, null, 0);
        waitingAt = "f3";
        for (int i = 0; i < 6; i++) {
            inbox.offer("f" + i, i, null); // no resume: the socket delivers what it was asked for beyond the bound
        }
        runTasks();
        assertThat(drained).containsExactly("f0", "f1", "f2");
        assertThat(batches).as("exchanges of at most 2 frames; none after the held one").containsExactly(2, 2);
        waitingAt = null;
        inbox.wake();
        runTasks();
        assertThat(drained).containsExactly("f0", "f1", "f2", "f3", "f4", "f5");
    }

    @Test
    void shouldSpillTheFramesOfAParkedStreamBeyondAFewDozen(@TempDir Path dir) throws Exception {
        try (FrameSpill spill = FrameSpill.open(dir, "trade-btcusdt", FrameSpill.MIN_BYTES, new FrameSpill.Listener() {
            @Override
            public void onSpilled() {
            }

            @Override
            public void onFull() {
            }
        })) {
            FrameInbox inbox = new FrameInbox(1000, executor, pipeline, spill, null, 0);
            waitingAt = "gap";
            inbox.offer("gap", 1, null);
            inbox.offer("c", 2, null);
            runTasks();
            assertThat(inbox.parked()).isTrue();
            for (int i = 0; i < 200; i++) {
                assertThat(inbox.offer("d" + i, 3 + i, () -> { })).isTrue();
            }
            assertThat(inbox.pending()).as("in memory").isEqualTo(FrameInbox.PARKED_FRAMES);
            assertThat(spill.pendingFrames()).isEqualTo(202 - FrameInbox.PARKED_FRAMES);
            assertThat(tasks).isEmpty();

            waitingAt = null;
            inbox.wake();
            runTasks();
            List<String> expected = new ArrayList<>(List.of("gap", "c"));
            for (int i = 0; i < 200; i++) {
                expected.add("d" + i);
            }
            assertThat(drained).isEqualTo(expected);
            assertThat(spill.pendingFrames()).isZero();
            assertThat(inbox.awaitDrained(10)).isTrue();
        }
    }
}
