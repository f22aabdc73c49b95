package io.binancedata.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceGuardTest {
    private final List<String> delivered = new ArrayList<>();
    private final List<Boolean> backfilled = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final SequenceGuard.Delivery delivery = (frame, isBackfill, receiveTime) -> {
        delivered.add(frame.toString());
        backfilled.add(isBackfill);
    };

    private static String trade(long id) {
        return "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":" + id + ",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}";
    }

    private static String kline(long open, long event, boolean closed) {
        long first = open / 60_000 * 10;
        return "{\"e\":\"kline\",\"E\":" + event + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":" + open + ",\"T\":" + (open + 59_999)
                + ",\"f\":" + first + ",\"L\":" + (first + 9) + ",\"x\":" + closed + "}}";
    }

    private final GapFiller filler = new GapFiller() {
        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            requests.add("trades " + symbol + " " + fromId + ".." + toId);
            List<String> frames = new ArrayList<>();
            for (long id = fromId; id <= toId; id++) {
                frames.add(trade(id));
            }
            return frames;
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
            guard.onFrame(trade(id), 0, delivery);
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
        guard.onFrame(trade(1), 0, delivery);
        guard.onFrame(trade(5), 0, delivery);
        guard.onFrame(trade(6), 0, delivery);
        assertThat(delivered).containsExactly(trade(1), trade(5), trade(6));
        assertThat(status.gapsUnfilled()).isEqualTo(1);
    }

    @Test
    void shouldPassFramesWithoutASequenceToTheRoute() {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        guard.onFrame(trade(1), 0, delivery);
        guard.onFrame("not json", 0, delivery);
        guard.onFrame(trade(2), 0, delivery);
        assertThat(delivered).containsExactly(trade(1), "not json", trade(2));
    }

    @Test
    void shouldContinueTheSequenceOfAPreviousGuard(@TempDir Path noCheckpoints) {
        StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard first = new SequenceGuard(status, filler);
        first.onFrame(trade(100), 0, delivery);
        SequenceGuard restarted = new SequenceGuard(new StreamStatus(status.key()), filler, first,
                new SequenceCheckpoints(noCheckpoints), Duration.ofHours(1));
        restarted.onFrame(trade(100), 0, delivery);
        restarted.onFrame(trade(102), 0, delivery);
        assertThat(delivered).containsExactly(trade(100), trade(101), trade(102));
    }

    @Test
    void shouldContinueFromTheCheckpointOfAnEarlierRun(@TempDir Path dir) {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        StreamStatus trades = new StreamStatus(StreamKey.trade("BTCUSDT"));
        SequenceGuard first = new SequenceGuard(trades, filler, null, checkpoints, Duration.ofHours(1));
        first.onFrame(trade(41), 0, delivery);
        first.checkpoint();
        assertThat(checkpoints.load("trade-btcusdt")).contains("trade 41");
        SequenceGuard next = new SequenceGuard(new StreamStatus(trades.key()), filler, null, checkpoints,
                Duration.ofHours(1));
        next.onFrame(trade(41), 0, delivery);
        next.onFrame(trade(44), 0, delivery);
        assertThat(delivered).containsExactly(trade(41), trade(42), trade(43), trade(44));

        StreamStatus klines = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard klineGuard = new SequenceGuard(klines, filler, null, checkpoints, Duration.ofHours(1));
        klineGuard.onFrame(kline(60_000, 120_001, true), 0, delivery);
        klineGuard.checkpoint();
        SequenceGuard restored = new SequenceGuard(new StreamStatus(klines.key()), filler, null, checkpoints,
                Duration.ofHours(1));
        assertThat(restored.position()).isEqualTo(klineGuard.position()).isEqualTo("kline 60000 120001 119999 true 10 19");
    }

    @Test
    void shouldDropStaleKlineUpdatesAndFillMissedClosedCandles() {
        StreamStatus status = new StreamStatus(StreamKey.kline("BTCUSDT", "1m"));
        SequenceGuard guard = new SequenceGuard(status, filler);
        guard.onFrame(kline(0, 2_000, false), 0, delivery);
        guard.onFrame(kline(0, 4_000, false), 0, delivery);
        guard.onFrame(kline(0, 4_000, false), 0, delivery);
        guard.onFrame(kline(0, 3_000, false), 0, delivery);
        guard.onFrame(kline(0, 60_001, true), 0, delivery);
        guard.onFrame(kline(0, 60_002, true), 0, delivery);
        guard.onFrame(kline(60_000, 62_000, false), 0, delivery);
        guard.onFrame(kline(240_000, 242_000, false), 0, delivery);
        assertThat(delivered).containsExactly(kline(0, 2_000, false), kline(0, 4_000, false),
                kline(0, 60_001, true), kline(60_000, 62_000, false),
                kline(60_000, 120_000, true), kline(120_000, 180_000, true), kline(180_000, 240_000, true),
                kline(240_000, 242_000, false));
        assertThat(requests).as("no call when a bucket follows its final candle").containsExactly("klines BTCUSDT 1m 60000..240000 from trade 10");
        assertThat(status.duplicates()).isEqualTo(3);
        assertThat(status.backfilled()).isEqualTo(3);
    }
}
