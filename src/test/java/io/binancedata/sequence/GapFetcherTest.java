package io.binancedata.sequence;

import static io.binancedata.sequence.GuardEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every stream's gaps are fetched on the fetcher's one thread, in arrival order, each only once the limits let its
 * first call go; the stream is told to wait meanwhile and woken when its outcome is ready. A stop gives a queued gap
 * up at once and interrupts a fetch under way (one that completes all the same is delivered); a gap waiting to be
 * tried again lets the others go first.
 */
class GapFetcherTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Answers what the test sets; records every call in order. */
    private static final class PacedFiller implements GapFiller {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        /** What readyInNanos answers: 0 lets a fetch start. */
        volatile long budgetWait;
        /** Set after each fetch: the budget of one fetch. */
        volatile long budgetWaitAfterFetch;
        /** Symbols whose fetches fail (asking to be tried again in an hour). */
        volatile String failing = "";
        volatile CountDownLatch underWay = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);
        /** Whether an interrupt ends a fetch as the REST client's does; else the fetch goes on (a call let finish). */
        volatile boolean interruptible;

        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            calls.add(symbol + " " + fromId + ".." + toId);
            budgetWait = budgetWaitAfterFetch;
            underWay.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (interruptible) {
                    throw new ExchangeUnavailableException("Interrupted while waiting for the REST rate limit", e);
                }
            }
            if (failing.equals(symbol)) {
                throw new ExchangeUnavailableException("HTTP 503");
            }
            return GuardEvents.trades(fromId, toId);
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                         long firstTradeId) {
            throw new UnsupportedOperationException();
        }

        /** Run once by the next readyInNanos (the fetcher's thread, under its lock, as it looks at the queue). */
        final AtomicReference<Runnable> onReady = new AtomicReference<>();

        @Override
        public long readyInNanos(StreamKind kind) {
            Runnable once = onReady.getAndSet(null);
            if (once != null) {
                once.run();
            }
            return budgetWait;
        }

        @Override
        public long retryAfterNanos(RuntimeException failure, int failures, long sinceFirstFailureNanos) {
            return HOUR;
        }
    }

    private final PacedFiller filler = new PacedFiller();
    private final GapFetcher fetcher = new GapFetcher(filler);
    private final BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final List<String> delivered = new ArrayList<>();
    private final SequenceGuard.Delivery delivery = (frame, backfilled, time) -> delivered.add(frame.toString());

    @AfterEach
    void close() {
        fetcher.close();
    }

    /** A trade stream of {@code symbol} that has delivered trade 1, its gaps fetched by the fetcher. */
    private SequenceGuard stream(String symbol) {
        return stream(new StreamStatus(StreamKey.trade(symbol)));
    }

    private SequenceGuard stream(StreamStatus status) {
        String symbol = status.key().symbol();
        SequenceGuard guard = new SequenceGuard(status, filler, fetcher);
        guard.resumeFills(() -> woken.add(symbol));
        assertThat(GuardEvents.liveTrade(guard, 1, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        return guard;
    }

    private String nextWoken() throws InterruptedException {
        return woken.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldFetchTheGapsOfManyStreamsOneAtATimeInArrivalOrderEachWhenTheLimitsLetItGo() throws Exception {
        fetcher.start();
        filler.budgetWait = HOUR;
        filler.budgetWaitAfterFetch = HOUR;
        StreamStatus aStatus = new StreamStatus(StreamKey.trade("AAA"));
        SequenceGuard a = stream(aStatus);
        SequenceGuard b = stream("BBB");
        SequenceGuard c = stream("CCC");
        assertThat(aStatus.gapWaitingSince()).isEqualTo(-1);
        long before = System.currentTimeMillis();
        for (SequenceGuard guard : List.of(a, b, c)) {
            assertThat(GuardEvents.liveTrade(guard, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        }
        long waitingSince = aStatus.gapWaitingSince();
        assertThat(waitingSince).isBetween(before, System.currentTimeMillis());
        assertThat(GuardEvents.liveTrade(b, 5, delivery)).as("asked again before it is ready")
                .isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(fetcher.queued()).isEqualTo(3);
        assertThat(filler.calls).as("nothing sent while the budget is used up").isEmpty();

        filler.budgetWait = 0; // the next minute: room for one fetch
        assertThat(nextWoken()).isEqualTo("AAA");
        assertThat(filler.calls).containsExactly("AAA 2..4");
        assertThat(fetcher.queued()).isEqualTo(2);
        assertThat(aStatus.gapWaitingSince()).as("still waiting until its drain takes the outcome")
                .isEqualTo(waitingSince);
        delivered.clear();
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(delivered).containsExactly(trade(2), trade(3), trade(4), trade(5));
        assertThat(aStatus.gapWaitingSince()).isEqualTo(-1);

        filler.budgetWaitAfterFetch = 0;
        filler.budgetWait = 0;
        assertThat(List.of(nextWoken(), nextWoken())).containsExactly("BBB", "CCC");
        assertThat(filler.calls).containsExactly("AAA 2..4", "BBB 2..4", "CCC 2..4");
        assertThat(GuardEvents.liveTrade(c, 5, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(c.lastTradeId()).isEqualTo(5);
    }

    @Test
    void shouldGiveAQueuedGapUpAtOnceWhenItsStreamStopsAndDeliverAFetchThatCompletesAllTheSame() throws Exception {
        fetcher.start();
        filler.underWay = new CountDownLatch(1);
        filler.release = new CountDownLatch(1);
        SequenceGuard a = stream("AAA");
        SequenceGuard b = stream("BBB");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(filler.underWay.await(10, TimeUnit.SECONDS)).as("AAA's fetch sent").isTrue();
        assertThat(GuardEvents.liveTrade(b, 7, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);

        b.stopFills();
        assertThat(nextWoken()).as("the queued gap given up at once").isEqualTo("BBB");
        a.stopFills(); // interrupts AAA's fetch; this filler completes it all the same (an HTTP call answered)
        delivered.clear();
        assertThat(GuardEvents.liveTrade(b, 7, delivery)).isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(GuardEvents.liveTrade(b, 8, delivery)).as("the stream ended before its gap")
                .isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(b.lastTradeId()).isEqualTo(1);
        assertThat(b.position()).isEqualTo("trade 1");

        filler.release.countDown();
        assertThat(nextWoken()).isEqualTo("AAA");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).as("a stop delivers a backfill under way")
                .isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(delivered).containsExactly(trade(2), trade(3), trade(4), trade(5));
        assertThat(filler.calls).containsExactly("AAA 2..4");

        b.resumeFills(() -> woken.add("BBB"));
        assertThat(GuardEvents.liveTrade(b, 9, delivery)).as("started again: the gap from the position it kept")
                .isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(nextWoken()).isEqualTo("BBB");
        assertThat(filler.calls).containsExactly("AAA 2..4", "BBB 2..8");
    }

    /**
     * A gap of many pages, each waiting for the REST budget, could take minutes: its stream's stop interrupts it, and
     * the stream ends before its gap (not minutes later; the next start fetches it). The fetcher goes on.
     */
    @Test
    void shouldInterruptAFetchUnderWayWhenItsStreamStopsAndGoOnWithTheOthers() throws Exception {
        fetcher.start();
        filler.interruptible = true;
        filler.underWay = new CountDownLatch(1);
        filler.release = new CountDownLatch(1);
        SequenceGuard a = stream("AAA");
        delivered.clear();
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(filler.underWay.await(10, TimeUnit.SECONDS)).as("AAA's fetch under way").isTrue();

        a.stopFills();
        assertThat(nextWoken()).as("the fetch under way ended by the stop").isEqualTo("AAA");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).as("the stream ends before its gap")
                .isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(a.position()).isEqualTo("trade 1");
        assertThat(delivered).isEmpty();

        filler.release.countDown();
        SequenceGuard c = stream("CCC");
        delivered.clear();
        assertThat(GuardEvents.liveTrade(c, 4, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(nextWoken()).as("the fetcher's thread goes on").isEqualTo("CCC");
        assertThat(GuardEvents.liveTrade(c, 4, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(delivered).containsExactly(trade(2), trade(3), trade(4));
        assertThat(filler.calls).containsExactly("AAA 2..4", "CCC 2..3");
    }

    /**
     * A stream stops just as the fetcher takes its gap: the stop must not interrupt the fetcher's thread after the gap
     * was given up (the thread died in its wait, and no gap of any stream was fetched again until a restart).
     */
    @Test
    void shouldGoOnFetchingWhenAStreamStopsAsItsGapIsTaken() throws Exception {
        SequenceGuard a = stream("AAA");
        filler.budgetWait = HOUR;
        fetcher.start();
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        Thread stopping = new Thread(a::stopFills);
        filler.onReady.set(() -> {
            stopping.start(); // marks the stream stopping, then waits for the fetcher's lock to take its gap out
            await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.WAITING);
            filler.budgetWait = 0;
        });
        assertThat(nextWoken()).as("the gap given up").isEqualTo("AAA");
        stopping.join(10_000);
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.DROP);

        SequenceGuard c = stream("CCC");
        delivered.clear();
        assertThat(GuardEvents.liveTrade(c, 4, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(nextWoken()).as("the fetcher's thread goes on").isEqualTo("CCC");
        assertThat(GuardEvents.liveTrade(c, 4, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(delivered).containsExactly(trade(2), trade(3), trade(4));
    }

    @Test
    void shouldLetOtherGapsGoFirstWhileOneWaitsToBeTriedAgain() throws Exception {
        fetcher.start();
        filler.failing = "AAA";
        StreamStatus status = new StreamStatus(StreamKey.trade("AAA"));
        SequenceGuard a = new SequenceGuard(status, filler, fetcher);
        a.resumeFills(() -> woken.add("AAA"));
        GuardEvents.liveTrade(a, 1, delivery);
        SequenceGuard b = stream("BBB");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(GuardEvents.liveTrade(b, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);

        assertThat(nextWoken()).as("BBB goes while AAA waits an hour to be tried again").isEqualTo("BBB");
        assertThat(filler.calls).containsExactly("AAA 2..4", "BBB 2..4");
        assertThat(fetcher.queued()).isEqualTo(1);

        a.stopFills();
        assertThat(nextWoken()).isEqualTo("AAA");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(status.gapRetries()).isZero();
        assertThat(status.gapsUnfilled()).as("left to the next start, not given up").isZero();
        assertThat(fetcher.queued()).isZero();
    }

    @Test
    void shouldGiveEveryGapUpWhenNotStartedOrClosed() throws Exception {
        SequenceGuard a = stream("AAA");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        assertThat(nextWoken()).isEqualTo("AAA");
        assertThat(GuardEvents.liveTrade(a, 5, delivery)).isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(filler.calls).isEmpty();

        fetcher.start();
        filler.budgetWait = HOUR;
        SequenceGuard b = stream("BBB");
        assertThat(GuardEvents.liveTrade(b, 5, delivery)).isEqualTo(SequenceGuard.Admission.WAIT);
        fetcher.close();
        assertThat(nextWoken()).isEqualTo("BBB");
        assertThat(GuardEvents.liveTrade(b, 5, delivery)).isEqualTo(SequenceGuard.Admission.DROP);
        assertThat(filler.calls).isEmpty();
    }
}
