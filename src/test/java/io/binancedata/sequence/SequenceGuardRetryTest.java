package io.binancedata.sequence;

import static io.binancedata.sequence.GuardEvents.kline;
import static io.binancedata.sequence.GuardEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap whose fetch fails: fetched again as the filler says (the stream's later frames waiting behind it), or, when it
 * stays unfilled, counted, logged and kept with the checkpoint, for the next start to fetch it alone; a stop ends a
 * wait at once, and the stream with it, before the gap.
 */
class SequenceGuardRetryTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final SequenceGuard.Delivery delivery = (frame, backfilled, receiveTime) -> delivered.add(frame.toString());

    private void live(SequenceGuard guard, long id) {
        GuardEvents.liveTrade(guard, id, delivery);
    }

    private void live(SequenceGuard guard, long open, long event, boolean closed) {
        GuardEvents.liveKline(guard, open, event, closed, delivery);
    }

    /**
     * A filler whose next {@code failures} fetches throw, then succeed; it asks for {@code wait} before each new
     * attempt ({@link GapFiller#GIVE_UP} to give up) and records what the guard told it.
     */
    private static class FlakyFiller implements GapFiller {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch failed = new CountDownLatch(1);
        volatile int failures;
        volatile long wait;

        FlakyFiller(int failures, long wait) {
            this.failures = failures;
            this.wait = wait;
        }

        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            calls.add("trades " + fromId + ".." + toId);
            if (failures > 0) {
                failures--;
                throw new ExchangeUnavailableException("GET /api/v3/historicalTrades answered HTTP 503");
            }
            return GuardEvents.trades(fromId, toId);
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                         long firstTradeId) {
            throw new AssertionError("the guard gives the next candle's first trade id too");
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                         long firstTradeId, long nextTradeId) {
            calls.add("klines " + fromOpenTime + ".." + toOpenTime + " from trade " + firstTradeId + " next "
                    + nextTradeId);
            throw new ExchangeUnavailableException("GET /api/v3/klines answered HTTP 400");
        }

        @Override
        public long retryAfterNanos(RuntimeException failure, int failed, long sinceFirstFailureNanos) {
            calls.add("retry? after failure " + failed + ": " + failure.getMessage());
            this.failed.countDown();
            return wait;
        }
    }

    @Test
    void shouldFetchAFailedGapAgainUntilItIsFilledKeepingTheOrder() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        FlakyFiller filler = new FlakyFiller(2, 0);
        SequenceGuard guard = new SequenceGuard(status, filler);
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            for (long id : new long[] {1, 5, 6}) {
                live(guard, id);
            }

            assertThat(delivered).containsExactly(trade(1), trade(2), trade(3), trade(4), trade(5), trade(6));
            assertThat(filler.calls).containsExactly("trades 2..4",
                    "retry? after failure 1: GET /api/v3/historicalTrades answered HTTP 503", "trades 2..4",
                    "retry? after failure 2: GET /api/v3/historicalTrades answered HTTP 503", "trades 2..4");
            assertThat(status.gapRetries()).isEqualTo(2);
            assertThat(status.gapsUnfilled()).isZero();
            assertThat(status.backfilled()).isEqualTo(3);
            List<String> events = log.events();
            assertThat(events).hasSize(3);
            for (int attempt = 1; attempt <= 2; attempt++) {
                assertThat(events.get(attempt - 1)).isEqualTo("WARN Stream trade-btcusdt: gap of trade ids 2 to 4 not "
                        + "filled yet: attempt " + attempt + " failed (io.binancedata.api.ExchangeUnavailableException: "
                        + "GET /api/v3/historicalTrades answered HTTP 503); trying again in 0 ms");
            }
            assertThat(events.get(2)).startsWith("INFO Stream trade-btcusdt: gap of trade ids 2 to 4 filled (3 events) "
                    + "at attempt 3, ").endsWith(" ms after the first failed");
        }
    }

    @Test
    void shouldGiveAGapUpWhenTheFillerSaysItWasTriedLongEnough() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        FlakyFiller filler = new FlakyFiller(Integer.MAX_VALUE, 0) {
            @Override
            public long retryAfterNanos(RuntimeException failure, int failed, long sinceFirstFailureNanos) {
                super.retryAfterNanos(failure, failed, sinceFirstFailureNanos);
                return failed < 3 ? 0 : GapFiller.GIVE_UP;
            }
        };
        SequenceGuard guard = new SequenceGuard(status, filler);
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            live(guard, 1);
            live(guard, 5);

            assertThat(delivered).containsExactly(trade(1), trade(5));
            assertThat(filler.calls).filteredOn(call -> call.startsWith("trades")).hasSize(3);
            assertThat(status.gapRetries()).isEqualTo(2);
            assertThat(status.gapsUnfilled()).isEqualTo(1);
            assertThat(log.eventsContaining("NOT filled")).containsExactly("ERROR Stream trade-btcusdt: gap of trade "
                    + "ids 2 to 4 NOT filled: attempt 3 failed too, 0 s after the first; giving up "
                    + "(io.binancedata.api.ExchangeUnavailableException: GET /api/v3/historicalTrades answered HTTP 503)");
        }
    }

    /**
     * A checkpoint ahead of the exchange (another exchange's: the testnet's ids are far below Binance's) drops every
     * event as already delivered: said once at WARN, not only counted. A checkpoint behind it, as after any restart,
     * says nothing.
     */
    @Test
    void shouldSayOnceWhenTheExchangeIsBehindTheCheckpointOfAnEarlierRun(@TempDir Path dir) {
        SequenceCheckpoints earlierRun = new SequenceCheckpoints(dir);
        earlierRun.record("trade-btcusdt", "trade 99999999999");
        earlierRun.record("trade-ethusdt", "trade 3");
        earlierRun.record("kline-btcusdt-1m", "kline 1800000000000 1800000000001 1800000059999 false 5");
        assertThat(earlierRun.save()).isTrue();
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-bnbusdt", "trade 99999999999"); // seeded in this run: a take-over's position
        FlakyFiller filler = new FlakyFiller(0, GapFiller.GIVE_UP);
        SequenceGuard seeded = new SequenceGuard(new StreamStatus(StreamKey.trade("BNBUSDT")), filler, null, null,
                checkpoints, Duration.ofHours(1));
        StreamStatus btc = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard ahead = new SequenceGuard(btc, filler, null, null, checkpoints, Duration.ofHours(1));
        SequenceGuard behind = new SequenceGuard(new StreamStatus(StreamKey.trade("ETHUSDT")), filler, null, null,
                checkpoints, Duration.ofHours(1));
        SequenceGuard klines = new SequenceGuard(new StreamStatus(StreamKey.kline("BTCUSDT", "1m")), filler, null,
                null, checkpoints, Duration.ofHours(1));
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            for (long id = 5; id <= 7; id++) {
                assertThat(GuardEvents.liveTrade(ahead, id, delivery)).isEqualTo(SequenceGuard.Admission.DROP);
            }
            assertThat(GuardEvents.liveTrade(behind, 4, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
            assertThat(GuardEvents.liveTrade(behind, 4, delivery)).as("a duplicate after the first event: no WARN")
                    .isEqualTo(SequenceGuard.Admission.DROP);
            assertThat(GuardEvents.liveKline(klines, 1_700_000_000_000L, 1_700_000_000_001L, false, delivery))
                    .isEqualTo(SequenceGuard.Admission.DROP);
            assertThat(GuardEvents.liveTrade(seeded, 5, delivery)).as("a hot standby's frames before a take-over's "
                    + "position: expected, no WARN").isEqualTo(SequenceGuard.Admission.DROP);

            assertThat(btc.duplicates()).isEqualTo(3);
            assertThat(log.events()).filteredOn(e -> e.startsWith("WARN")).containsExactly(
                    "WARN Stream trade-btcusdt: the exchange's first trade id 5 comes before this stream's checkpoint"
                            + " of an earlier run (trade 99999999999): its events are dropped as already delivered"
                            + " (counted as duplicates) until the exchange passes it. A checkpoint of another"
                            + " exchange? Move the stream's line out of the checkpoints file to start afresh",
                    "WARN Stream kline-btcusdt-1m: the exchange's first candle opening at 1700000000000 comes before"
                            + " this stream's checkpoint of an earlier run (kline 1800000000000 1800000000001"
                            + " 1800000059999 false 5): its events are dropped as already delivered (counted as"
                            + " duplicates) until the exchange passes it. A checkpoint of another exchange? Move the"
                            + " stream's line out of the checkpoints file to start afresh");
        }
    }

    @Test
    void shouldKeepAGapThatStaysUnfilledWithTheCheckpointSoThatTheNextStartFetchesItAndNothingElseAgain(
            @TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        FlakyFiller filler = new FlakyFiller(1, GapFiller.GIVE_UP);
        SequenceGuard guard = new SequenceGuard(status, filler, null, null, checkpoints, Duration.ofHours(1));
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            for (long id = 1; id <= 3; id++) {
                live(guard, id);
            }
            guard.checkpoint();
            assertThat(checkpoints.load("trade-btcusdt")).contains("trade 3");
            for (long id : new long[] {10, 11, 12}) {
                live(guard, id);
            }
            guard.checkpoint();

            assertThat(delivered).containsExactly(trade(1), trade(2), trade(3), trade(10), trade(11), trade(12));
            assertThat(checkpoints.load("trade-btcusdt")).as("moved on, the gap kept")
                    .contains("trade 12 unfilled 4:9");
            assertThat(guard.position()).isEqualTo("trade 12 unfilled 4:9");
            assertThat(status.gapsUnfilled()).isEqualTo(1);
            assertThat(status.gapRetries()).isZero();
            List<LogCapture.Logged> logged = log.loggedContaining("NOT filled");
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).event()).isEqualTo("ERROR Stream trade-btcusdt: gap of trade ids 4 to 9 NOT filled:"
                    + " io.binancedata.api.ExchangeUnavailableException: GET /api/v3/historicalTrades answered HTTP 503;"
                    + " the gap is kept with its checkpoint and fetched again when the stream next starts");
            assertThat(logged.get(0).thrown()).hasMessage("GET /api/v3/historicalTrades answered HTTP 503");
        }

        FlakyFiller working = new FlakyFiller(0, GapFiller.GIVE_UP);
        SequenceGuard restarted = new SequenceGuard(new StreamStatus(status.key()), working, null, null, checkpoints,
                Duration.ofHours(1));
        delivered.clear();
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            live(restarted, 13);
            live(restarted, 14);
            assertThat(log.eventsContaining("filled now")).containsExactly("INFO Stream trade-btcusdt: gap of trade "
                    + "ids 4 to 9, left unfilled before, filled now (6 events, written after the later ones already "
                    + "written)");
        }
        assertThat(working.calls).as("the gap alone: trades 10 to 12 were written").containsExactly("trades 4..9");
        assertThat(delivered).containsExactly(trade(4), trade(5), trade(6), trade(7), trade(8), trade(9), trade(13),
                trade(14));
        restarted.checkpoint();
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 14");
    }

    @Test
    void shouldKeepAnUnfilledGapThatTheNextStartCannotFillEitherAndMoveOn(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-btcusdt", "trade 12 unfilled 4:9 20:21");
        FlakyFiller failing = new FlakyFiller(Integer.MAX_VALUE, GapFiller.GIVE_UP);
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, failing, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 30);
        live(guard, 31);
        guard.checkpoint();

        assertThat(delivered).containsExactly(trade(30), trade(31));
        assertThat(failing.calls).filteredOn(call -> call.startsWith("trades"))
                .containsExactly("trades 4..9", "trades 20..21", "trades 13..29");
        assertThat(status.gapsUnfilled()).isEqualTo(3);
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 31 unfilled 4:9 20:21 13:29");

        FlakyFiller working = new FlakyFiller(0, GapFiller.GIVE_UP);
        SequenceGuard next = new SequenceGuard(new StreamStatus(status.key()), working, null, guard, checkpoints,
                Duration.ofHours(1));
        delivered.clear();
        live(next, 32);
        next.checkpoint();
        assertThat(working.calls).containsExactly("trades 4..9", "trades 20..21", "trades 13..29");
        assertThat(delivered).hasSize(6 + 2 + 17 + 1).startsWith(trade(4)).endsWith(trade(29), trade(32));
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 32");
    }

    /** A kept gap is tried once at a start: a failure keeps it for the next one, not holding the live frames. */
    @Test
    void shouldTryAKeptGapOnceAtAStartAndKeepItWhenThatFails(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-btcusdt", "trade 1000 unfilled 1:10");
        FlakyFiller failing = new FlakyFiller(Integer.MAX_VALUE, 0) { // would try again at once, twice
            @Override
            public long retryAfterNanos(RuntimeException failure, int failed, long sinceFirstFailureNanos) {
                return failed < 3 ? 0 : GapFiller.GIVE_UP;
            }
        };
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, failing, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 1001);
        guard.checkpoint();

        assertThat(failing.calls).containsExactly("trades 1..10");
        assertThat(delivered).containsExactly(trade(1001));
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 1001 unfilled 1:10");
    }

    /** Backfill off: a kept gap stays kept, untried and not counted again; a new gap is counted, not kept. */
    @Test
    void shouldNeitherTryNorKeepGapsWithBackfillOff(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-btcusdt", "trade 1000 unfilled 1:10");
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, GapFiller.NONE, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 1001);
        live(guard, 1005);
        guard.checkpoint();

        assertThat(delivered).containsExactly(trade(1001), trade(1005));
        assertThat(status.gapsUnfilled()).as("the new gap only").isEqualTo(1);
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 1005 unfilled 1:10");
    }

    /** Backfill off: the trade id after a kline gap is unknown too (its candles may have had trades). */
    @Test
    void shouldNotKeepTheTradeIdBeforeAKlineGapWithBackfillOff(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard guard = new SequenceGuard(status, GapFiller.NONE, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 0, 60_001, true);
        GuardEvents.liveKlineWithoutTrades(guard, 240_000, 242_000, false, delivery);
        guard.checkpoint();

        assertThat(checkpoints.load("kline-btcusdt-1m")).contains("kline 240000 242000 299999 false "
                + FrameScanner.ABSENT);
    }

    /** A position of an earlier version with more kept gaps than now kept: the newest are kept. */
    @Test
    void shouldKeepOnlyTheNewestGapsOfARestoredPosition(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StringBuilder position = new StringBuilder("trade 1000 unfilled");
        for (int gap = 0; gap < SequenceGuard.MAX_UNFILLED + 5; gap++) {
            position.append(' ').append(10 * gap + 1).append(':').append(10 * gap + 5);
        }
        checkpoints.record("trade-btcusdt", position.toString());
        SequenceGuard guard = new SequenceGuard(new StreamStatus(StreamKey.trade("BTCUSDT")), GapFiller.NONE, null,
                null, checkpoints, Duration.ofHours(1));

        assertThat(guard.position().split(" ")).hasSize(3 + SequenceGuard.MAX_UNFILLED);
        assertThat(guard.position()).startsWith("trade 1000 unfilled 51:55 ");

        FlakyFiller working = new FlakyFiller(0, GapFiller.GIVE_UP);
        SequenceGuard next = new SequenceGuard(new StreamStatus(StreamKey.trade("BTCUSDT")), working, null, null,
                checkpoints, Duration.ofHours(1));
        live(next, 1001);
        assertThat(working.calls).as("the kept ones only").hasSize(SequenceGuard.MAX_UNFILLED)
                .startsWith("trades 51..55");
    }

    @Test
    void shouldForgetTheOldestUnfilledGapBeyondTheLimitWithAnError(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, new FlakyFiller(Integer.MAX_VALUE, GapFiller.GIVE_UP), null,
                null, checkpoints, Duration.ofHours(1));
        long last = 10L * (SequenceGuard.MAX_UNFILLED + 1); // 0, 10, 20 ... last: one gap more than kept
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            for (long id = 0; id <= last; id += 10) {
                live(guard, id);
            }
            assertThat(log.eventsContaining("forgotten")).containsExactly("ERROR Stream trade-btcusdt: more than "
                    + SequenceGuard.MAX_UNFILLED + " gaps unfilled; the oldest, of trade ids 1 to 9, is forgotten: it "
                    + "will not be fetched again");
        }
        String position = guard.position();
        assertThat(position).startsWith("trade " + last + " unfilled 11:19 21:29 ").endsWith(" " + (last - 9) + ":"
                + (last - 1));
        assertThat(position.split(" ")).hasSize(3 + SequenceGuard.MAX_UNFILLED);
        assertThat(status.gapsUnfilled()).isEqualTo(SequenceGuard.MAX_UNFILLED + 1);
    }

    @Test
    void shouldKeepAKlineGapWithItsFirstTradeIdInTheCheckpoint(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard guard = new SequenceGuard(status, new FlakyFiller(0, GapFiller.GIVE_UP), null, null, checkpoints,
                Duration.ofHours(1));
        live(guard, 0, 60_001, true);
        live(guard, 240_000, 242_000, false);
        guard.checkpoint();

        assertThat(delivered).containsExactly(kline(0, 60_001, true), kline(240_000, 242_000, false));
        assertThat(status.gapsUnfilled()).isEqualTo(1);
        assertThat(checkpoints.load("kline-btcusdt-1m")).contains("kline 240000 242000 299999 false "
                + GuardEvents.firstTradeId(240_000) + " unfilled 60000:240000:" + (GuardEvents.firstTradeId(0) + 10)
                + ":" + GuardEvents.firstTradeId(240_000));
    }

    /**
     * The candles of an unfilled kline gap may have had trades: the trade id the next candle starts at is unknown
     * until a live candle with trades tells it, so a later gap's fill is not numbered from the id before the first.
     */
    @Test
    void shouldNotNumberALaterKlineFillFromTheTradeIdBeforeAnUnfilledGap(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        FlakyFiller filler = new FlakyFiller(0, GapFiller.GIVE_UP);
        SequenceGuard guard = new SequenceGuard(status, filler, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 0, 60_001, true);                                                  // trades 0 to 9
        GuardEvents.liveKlineWithoutTrades(guard, 240_000, 242_000, false, delivery);  // gap 60000..240000 unfilled
        GuardEvents.liveKlineWithoutTrades(guard, 480_000, 482_000, false, delivery);  // gap 240000..480000

        assertThat(filler.calls).filteredOn(call -> call.startsWith("klines")).containsExactly(
                "klines 60000..240000 from trade 10 next -1", "klines 240000..480000 from trade -1 next -1");
        live(guard, 720_000, 722_000, false);                                          // trades again: known
        assertThat(filler.calls).filteredOn(call -> call.startsWith("klines")).last()
                .as("numbered back from the live candle's first trade")
                .isEqualTo("klines 480000..720000 from trade -1 next " + GuardEvents.firstTradeId(720_000));
        live(guard, 960_000, 962_000, false);
        assertThat(filler.calls).filteredOn(call -> call.startsWith("klines")).last()
                .isEqualTo("klines 720000..960000 from trade " + GuardEvents.firstTradeId(720_000) + " next "
                        + GuardEvents.firstTradeId(960_000));
    }

    @Test
    void shouldEndAStreamThatStopsWhileWaitingToTryAGapAgainBeforeTheGapSoThatItsNextStartFetchesEverything(
            @TempDir Path dir) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        FlakyFiller filler = new FlakyFiller(Integer.MAX_VALUE, HOUR);
        SequenceGuard guard = new SequenceGuard(status, filler, null, null, checkpoints, Duration.ofHours(1));
        live(guard, 1);
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> live(guard, 5));
            assertThat(filler.failed.await(10, TimeUnit.SECONDS)).as("the first attempt failed").isTrue();
            guard.stopFills();
            drain.get(10, TimeUnit.SECONDS);

            assertThat(delivered).as("nothing after the gap: the next start fetches it").containsExactly(trade(1));
            assertThat(status.gapsUnfilled()).isZero();
            assertThat(status.gapRetries()).isZero();
            assertThat(log.eventsContaining("stopping before")).containsExactly("WARN Stream trade-btcusdt: stopping "
                    + "before its gap of trade ids 2 to 4 was fetched (the stream stopped while it waited to try again "
                    + "after attempt 1 failed (io.binancedata.api.ExchangeUnavailableException: GET "
                    + "/api/v3/historicalTrades answered HTTP 503)); it ends at 'trade 1': the frames after the gap "
                    + "are left to the next start, which fetches them with the gap");
        }

        // while stopping, the frames still draining are dropped and no other gap is fetched
        live(guard, 8);
        filler.failures = 0;
        live(guard, 10);
        assertThat(delivered).containsExactly(trade(1));
        assertThat(filler.calls).containsExactly("trades 2..4",
                "retry? after failure 1: GET /api/v3/historicalTrades answered HTTP 503");
        guard.checkpoint();
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 1");

        guard.resumeFills();
        filler.failures = 1;
        filler.wait = 0;
        live(guard, 12);
        assertThat(delivered).containsExactly(trade(1), trade(2), trade(3), trade(4), trade(5), trade(6), trade(7),
                trade(8), trade(9), trade(10), trade(11), trade(12));
        assertThat(status.gapRetries()).as("tried again once the stream runs again").isEqualTo(1);
    }
}
