package io.binancedata.sequence;

import static io.binancedata.sequence.GuardEvents.kline;
import static io.binancedata.sequence.GuardEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard judges live events by the {@link SequenceFields} their decoder read, as {@code FramePipeline} calls it:
 * {@link #live} fills the fields the way {@code TradeFrameDecoder}/{@code KlineFrameDecoder} do and, when the guard
 * admits the event, delivers its frame after whatever the guard filled before it.
 */
class SequenceGuardTest {
    private final List<String> delivered = new ArrayList<>();
    private final List<Boolean> backfilled = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final SequenceGuard.Delivery delivery = (frame, isBackfill, receiveTime) -> {
        delivered.add(frame.toString());
        backfilled.add(isBackfill);
    };

    private void live(SequenceGuard guard, long id) {
        GuardEvents.liveTrade(guard, id, delivery);
    }

    private void live(SequenceGuard guard, long open, long event, boolean closed) {
        GuardEvents.liveKline(guard, open, event, closed, delivery);
    }

    private final GapFiller filler = new GapFiller() {
        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            requests.add("trades " + symbol + " " + fromId + ".." + toId);
            return GuardEvents.trades(fromId, toId);
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                         long firstTradeId) {
            requests.add("klines " + symbol + " " + interval + " " + fromOpenTime + ".." + toOpenTime
                    + " from trade " + firstTradeId);
            List<String> frames = new ArrayList<>();
            for (long open = (fromOpenTime + 59_999) / 60_000 * 60_000; open < toOpenTime; open += 60_000) {
                frames.add(kline(open, open + 60_000, true));
            }
            return frames;
        }
    };

    @Test
    void shouldDropTradesSeenBeforeAndFillAJumpInOrder() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        for (long id : new long[] {10, 11, 11, 9, 12, 16, 16, 17}) {
            live(guard, id);
        }
        assertThat(delivered).containsExactly(trade(10), trade(11), trade(12), trade(13), trade(14), trade(15),
                trade(16), trade(17));
        assertThat(backfilled).containsExactly(false, false, false, true, true, true, false, false);
        assertThat(requests).containsExactly("trades BTCUSDT 13..15");
        assertThat(status.duplicates()).isEqualTo(3);
        assertThat(status.backfilled()).isEqualTo(3);
        assertThat(guard.lastTradeId()).isEqualTo(17);
    }

    @Test
    void shouldCatchUpToATradeTheConnectionMissedOnlyFromAKnownPosition() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        assertThat(guard.catchUp(20, 7, delivery)).as("no position yet").isEqualTo(SequenceGuard.Admission.DELIVER);
        live(guard, 10);
        assertThat(guard.catchUp(10, 7, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        assertThat(requests).as("nothing missed, nothing fetched").isEmpty();

        assertThat(guard.catchUp(13, 7, delivery)).isEqualTo(SequenceGuard.Admission.DELIVER);
        live(guard, 13);
        live(guard, 14);
        assertThat(requests).containsExactly("trades BTCUSDT 11..13");
        assertThat(delivered).containsExactly(trade(10), trade(11), trade(12), trade(13), trade(14));
        assertThat(backfilled).containsExactly(false, true, true, true, false);
        assertThat(status.duplicates()).as("the live 13 after the catch-up fetched it").isEqualTo(1);
        assertThat(guard.lastTradeId()).isEqualTo(14);
    }

    @Test
    void shouldCountAGapItCannotFillAndGoOn() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        GapFiller failing = new GapFiller() {
            @Override
            public List<String> trades(String symbol, long fromId, long toId) {
                throw new ExchangeUnavailableException("HTTP 503");
            }

            @Override
            public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                             long firstTradeId) {
                throw new ExchangeUnavailableException("HTTP 503");
            }
        };
        SequenceGuard guard = new SequenceGuard(status, failing);
        live(guard, 1);
        live(guard, 5);
        live(guard, 6);
        assertThat(delivered).containsExactly(trade(1), trade(5), trade(6));
        assertThat(status.gapsUnfilled()).isEqualTo(1);
    }

    /**
     * A frame without readable sequence fields never reaches the guard: the pipeline dead-letters it without moving
     * the guard ({@code FramePipelineTest.shouldLeaveTheGuardWhereItWasForABadFrameAndFetchItsTradeWithTheNextGap}),
     * which goes on from the last event it judged.
     */
    @Test
    void shouldGoOnFromTheLastEventItJudged() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        live(guard, 1);
        live(guard, 2);
        assertThat(delivered).containsExactly(trade(1), trade(2));
        assertThat(requests).isEmpty();
        assertThat(status.duplicates()).isZero();
        assertThat(guard.lastTradeId()).isEqualTo(2);
    }

    @Test
    void shouldContinueTheSequenceOfAPreviousGuard(@TempDir Path noCheckpoints) {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard first = new SequenceGuard(status, filler);
        live(first, 100);
        SequenceGuard restarted = new SequenceGuard(new StreamStatus(status.key()), filler, null, first,
                new SequenceCheckpoints(noCheckpoints), Duration.ofHours(1));
        live(restarted, 100);
        live(restarted, 102);
        assertThat(delivered).containsExactly(trade(100), trade(101), trade(102));
    }

    @Test
    void shouldContinueFromASeededPositionOverThePreviousGuardAndTheCheckpoint(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        SequenceGuards guards = new SequenceGuards(filler, null, checkpoints, Duration.ofHours(1));
        StreamStatus trades = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard first = guards.open(trades);
        live(first, 50);
        first.checkpoint();
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 50");

        // another instance led the stream meanwhile and wrote up to 60: continue after 60, fill 61..63
        guards.seed("trade-btcusdt", Optional.of("trade 60"));
        SequenceGuard seeded = guards.open(new StreamStatus(trades.key()));
        live(seeded, 60);
        live(seeded, 64);
        assertThat(delivered).containsExactly(trade(50), trade(61), trade(62), trade(63), trade(64));
        assertThat(requests).containsExactly("trades BTCUSDT 61..63");

        // nothing written anywhere: the next guard starts at its first frame, whatever this process knew
        guards.seed("trade-btcusdt", Optional.empty());
        assertThat(checkpoints.load("trade-btcusdt")).isEmpty();
        SequenceGuard fresh = guards.open(new StreamStatus(trades.key()));
        live(fresh, 30);
        assertThat(delivered).endsWith(trade(64), trade(30));
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldContinueFromTheCheckpointOfAnEarlierRun(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus trades = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard first = new SequenceGuard(trades, filler, null, null, checkpoints, Duration.ofHours(1));
        live(first, 41);
        first.checkpoint();
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 41");
        SequenceGuard next = new SequenceGuard(new StreamStatus(trades.key()), filler, null, null, checkpoints,
                Duration.ofHours(1));
        live(next, 41);
        live(next, 44);
        assertThat(delivered).containsExactly(trade(41), trade(42), trade(43), trade(44));

        StreamStatus klines = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard klineGuard = new SequenceGuard(klines, filler, null, null, checkpoints, Duration.ofHours(1));
        live(klineGuard, 60_000, 120_001, true);
        klineGuard.checkpoint();
        SequenceGuard restored = new SequenceGuard(new StreamStatus(klines.key()), filler, null, null, checkpoints,
                Duration.ofHours(1));
        assertThat(restored.position()).isEqualTo(klineGuard.position()).isEqualTo("kline 60000 120001 119999 true 20");
    }

    /** A checkpoint of the earlier format ({@code ... <closed> <f> <L>}) is read with its anchor. */
    @Test
    void shouldReadAKlineCheckpointOfTheEarlierFormat(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("kline-btcusdt-1m", "kline 60000 120001 119999 true 10 19");
        checkpoints.save();
        SequenceGuard restored = new SequenceGuard(new StreamStatus(StreamKey.kline("BTCUSDT", "1m")), filler, null,
                null, new SequenceCheckpoints(dir), Duration.ofHours(1));
        assertThat(restored.position()).isEqualTo("kline 60000 120001 119999 true 20");
    }

    /**
     * Candles without trades ({@code f} and {@code L} -1, common on quiet symbols and 1s klines) move no trade id: a
     * fill after one starts at the trade after the last candle that had any, and a fill after a fill starts past the
     * candles the first one wrote — the ids of backfilled candles chain on from the live ones.
     */
    @Test
    void shouldAnchorKlineFillsPastTheLastCandleWithTradesAndPastEarlierFills() {
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        live(guard, 0, 60_001, true); // trades 0..9
        GuardEvents.liveKlineWithoutTrades(guard, 60_000, 61_000, false, delivery);
        GuardEvents.liveKlineWithoutTrades(guard, 180_000, 181_000, false, delivery); // fills 60000 (10..19), 120000
        GuardEvents.liveKlineWithoutTrades(guard, 360_000, 361_000, false, delivery); // fills 180000.., after 29
        assertThat(requests).containsExactly("klines BTCUSDT 1m 60000..180000 from trade 10",
                "klines BTCUSDT 1m 180000..360000 from trade 30");
        assertThat(status.backfilled()).isEqualTo(5);
    }

    @Test
    void shouldDropStaleKlineUpdatesAndFillMissedClosedCandles() {
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        live(guard, 0, 2_000, false);
        live(guard, 0, 4_000, false);
        live(guard, 0, 4_000, false);
        live(guard, 0, 3_000, false);
        live(guard, 0, 60_001, true);
        live(guard, 0, 60_002, true);
        live(guard, 60_000, 62_000, false);
        live(guard, 240_000, 242_000, false);
        assertThat(delivered).containsExactly(kline(0, 2_000, false), kline(0, 4_000, false),
                kline(0, 60_001, true), kline(60_000, 62_000, false),
                kline(60_000, 120_000, true), kline(120_000, 180_000, true), kline(180_000, 240_000, true),
                kline(240_000, 242_000, false));
        assertThat(requests).as("no call when a bucket follows its final candle").containsExactly("klines BTCUSDT 1m 60000..240000 from trade 10");
        assertThat(status.duplicates()).isEqualTo(3);
        assertThat(status.backfilled()).isEqualTo(3);
    }

    /** With backfill off, a gap of a kline stream is counted and reported as unfilled, as a trade stream's is. */
    @Test
    void shouldCountEveryGapUnfilledWhenBackfillIsOff() {
        StreamStatus klines = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard klineGuard = new SequenceGuard(klines, GapFiller.NONE);
        live(klineGuard, 0, 60_001, true);
        live(klineGuard, 180_000, 181_000, false);
        StreamStatus trades = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard tradeGuard = new SequenceGuard(trades, GapFiller.NONE);
        live(tradeGuard, 10);
        live(tradeGuard, 20);

        assertThat(klines.gapsUnfilled()).isEqualTo(1);
        assertThat(trades.gapsUnfilled()).isEqualTo(1);
        assertThat(delivered).containsExactly(kline(0, 60_001, true), kline(180_000, 181_000, false), trade(10),
                trade(20));
        assertThat(klines.backfilled() + trades.backfilled()).isZero();
    }
}
