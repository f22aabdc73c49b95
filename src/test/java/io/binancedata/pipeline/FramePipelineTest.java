package io.binancedata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.codec.EventTimes;
import io.binancedata.codec.RealData;
import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.Test;

/** The frame pipeline on its own, on real recorded frames: what reaches the sinks, what is dropped, what is refused. */
class FramePipelineTest {
    private static final StreamKey BTC_TRADES = StreamKey.trade("BTCUSDT");
    private final List<String> rejected = new ArrayList<>();
    private final FrameRejects rejects = (frame, receiveTime, step, reason) ->
            rejected.add(step + " | " + reason + " | " + frame);

    private static String trade(long id) {
        return "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    }

    private final GapFiller filler = new GapFiller() {
        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            List<String> frames = new ArrayList<>();
            for (long id = fromId; id <= toId; id++) {
                frames.add(trade(id));
            }
            return frames;
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long from, long to, long firstTradeId) {
            return List.of();
        }
    };

    private FramePipeline pipeline(StreamStatus status, boolean emitAll) {
        return new FramePipeline(new SequenceGuard(status, filler), StreamDecoders.of(status.key()), emitAll,
                rejects);
    }

    @Test
    void shouldTurnEveryRecordedTradeIntoOneFramedSbeMessageInOrder() {
        List<String> frames = RealData.trades(RealData.BTC_TRADES_2024);
        FramePipeline pipeline = pipeline(new StreamStatus(BTC_TRADES), true);
        FrameBatch batch = new FrameBatch();
        EventBatch events = new EventBatch();
        int checked = 0;
        for (int from = 0; from < frames.size(); from += 1000) {
            batch.clear();
            List<String> part = frames.subList(from, Math.min(frames.size(), from + 1000));
            for (int i = 0; i < part.size(); i++) {
                batch.append(part.get(i), 1_800_000_000_000_000L + from + i);
            }
            pipeline.process(batch, events);
            assertThat(events.count()).isEqualTo(part.size());
            assertThat(events.templateId()).isEqualTo(TradeDecoder.TEMPLATE_ID);
            int offset = 0;
            for (int i = 0; i < events.count(); i++) {
                assertThat(events.frameOffset(i)).isEqualTo(offset);
                assertThat(SbeFraming.frameLength(events.buffer(), offset)).isEqualTo(events.frameLength(i));
                assertThat(SbeFraming.encodingType(events.buffer(), offset)).isEqualTo(SbeFraming.SBE_LE_ENCODING);
                offset += events.frameLength(i);
                JsonNode source = SbeFiles.parse(part.get(i));
                JsonNode decoded = SbeFiles.decode(events.buffer(), events.messageOffset(i), events.messageLength(i));
                assertThat(decoded.get("tradeId").asLong()).isEqualTo(source.get("t").asLong());
                assertThat(events.sequence(i)).isEqualTo(source.get("t").asLong());
                assertThat(decoded.get("price").asText()).isEqualTo(SbeFiles.exact(source.get("p").asText()));
                assertThat(decoded.get("quantity").asText()).isEqualTo(SbeFiles.exact(source.get("q").asText()));
                assertThat(decoded.get("eventTime").asLong()).isEqualTo(source.get("E").asLong() * 1000);
                assertThat(events.eventTimeMicros(i)).isEqualTo(source.get("E").asLong() * 1000);
                assertThat(events.exchangeTimeMicros(i)).isEqualTo(source.get("E").asLong() * 1000);
                assertThat(decoded.get("source").asText()).isEqualTo("LIVE");
                assertThat(decoded.get("receiveTime").asLong()).isEqualTo(1_800_000_000_000_000L + from + i);
                assertThat(events.backfilled(i)).isFalse();
                assertThat(events.rawFrame(i)).isEqualTo(part.get(i));
                checked++;
            }
            assertThat(events.length()).isEqualTo(offset);
        }
        assertThat(checked).isEqualTo(frames.size()).isGreaterThan(9_000);
        assertThat(rejected).isEmpty();
    }

    @Test
    void shouldDropDuplicatesAndFillAGapBeforeTheFrameThatRevealedIt() {
        StreamStatus status = new StreamStatus(BTC_TRADES);
        FramePipeline pipeline = pipeline(status, true);
        FrameBatch batch = new FrameBatch();
        for (long id : new long[] {10, 11, 11, 14}) {
            batch.append(trade(id), id);
        }
        EventBatch events = new EventBatch();
        pipeline.process(batch, events);
        List<Long> ids = new ArrayList<>();
        List<Boolean> backfilled = new ArrayList<>();
        for (int i = 0; i < events.count(); i++) {
            ids.add(events.sequence(i));
            backfilled.add(events.backfilled(i));
        }
        assertThat(ids).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(backfilled).containsExactly(false, false, true, true, false);
        for (int i = 0; i < events.count(); i++) {
            JsonNode decoded = SbeFiles.decode(events.buffer(), events.messageOffset(i), events.messageLength(i));
            assertThat(decoded.get("tradeTime").asLong()).isEqualTo(1_723_161_255_342_000L);
            assertThat(events.exchangeTimeMicros(i)).as("message %d dated by its event time, or its trade time", i)
                    .isEqualTo(events.backfilled(i) ? 1_723_161_255_342_000L : 1_723_161_255_343_000L);
            if (events.backfilled(i)) {
                assertThat(decoded.get("source").asText()).isEqualTo("BACKFILL");
                assertThat(decoded.get("eventTime").isNull()).as("REST has no event time: none is made up").isTrue();
                assertThat(events.eventTimeMicros(i)).isEqualTo(EventTimes.NULL);
            } else {
                assertThat(decoded.get("source").asText()).isEqualTo("LIVE");
                assertThat(decoded.get("eventTime").asLong()).isEqualTo(1_723_161_255_343_000L);
                assertThat(events.eventTimeMicros(i)).isEqualTo(1_723_161_255_343_000L);
            }
        }
        assertThat(events.backfilledCount()).isEqualTo(2);
        assertThat(events.rawFrame(2)).isEqualTo(trade(12));
        assertThat(events.rawFrame(4)).isEqualTo(trade(14));
        assertThat(status.duplicates()).isEqualTo(1);
        assertThat(status.backfilled()).isEqualTo(2);
    }

    @Test
    void shouldRefuseABadFrameWithItsRawTextAndGoOn() {
        FramePipeline pipeline = pipeline(new StreamStatus(BTC_TRADES), true);
        String bad = trade(21).replace("\"p\":\"61837.63000000\"", "\"p\":61837.63");
        String otherSymbol = trade(22).replace("BTCUSDT", "ETHUSDT");
        FrameBatch batch = new FrameBatch();
        batch.append(trade(20), 1);
        batch.append(bad, 2);
        batch.append(otherSymbol, 3);
        batch.append(trade(23), 4);
        EventBatch events = new EventBatch();
        pipeline.process(batch, events);
        assertThat(events.count()).as("the refused frames' trades come back over REST before 23").isEqualTo(4);
        assertThat(events.sequence(0)).isEqualTo(20);
        assertThat(events.backfilled(1)).isTrue();
        assertThat(events.backfilled(2)).isTrue();
        assertThat(events.sequence(3)).isEqualTo(23);
        assertThat(events.backfilled(3)).isFalse();
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0)).startsWith("decode | ").contains("'p'").endsWith(" | " + bad);
        assertThat(rejected.get(1)).startsWith("decode | ").contains("ETHUSDT").endsWith(" | " + otherSymbol);
    }

    @Test
    void shouldLeaveTheGuardWhereItWasForABadFrameAndFetchItsTradeWithTheNextGap() {
        StreamStatus status = new StreamStatus(BTC_TRADES);
        FramePipeline pipeline = pipeline(status, true);
        String bad = trade(33).replace("\"q\":\"0.02000000\"", "\"q\":\"\"");
        String badDuplicate = trade(30).replace("\"m\":true", "\"m\":1");
        String badHugeId = trade(1_000_000).replace("\"m\":true", "\"m\":1");
        FrameBatch batch = new FrameBatch();
        batch.append(trade(30), 1);
        batch.append(bad, 2);
        batch.append(badDuplicate, 3);
        batch.append(badHugeId, 4);
        batch.append(trade(34), 5);
        EventBatch events = new EventBatch();
        pipeline.process(batch, events);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < events.count(); i++) {
            ids.add(events.sequence(i));
        }
        assertThat(ids).as("the bad frames' trades come over REST with the gap trade 34 reveals")
                .containsExactly(30L, 31L, 32L, 33L, 34L);
        assertThat(events.rawFrame(4)).isEqualTo(trade(34));
        assertThat(rejected).as("every bad frame dead-lettered, none dropped as a duplicate").hasSize(3);
        assertThat(rejected.get(0)).startsWith("decode | ").contains("'q'").endsWith(" | " + bad);
        assertThat(rejected.get(1)).endsWith(" | " + badDuplicate);
        assertThat(rejected.get(2)).endsWith(" | " + badHugeId);
        assertThat(status.duplicates()).isZero();
        assertThat(status.backfilled()).isEqualTo(3);
    }

    @Test
    void shouldPassOnlyClosedKlinesUnlessEveryUpdateIsWanted() {
        List<String> frames = RealData.klines(RealData.KLINES_2021).stream()
                .filter(f -> f.contains("\"s\":\"BTCUSDT\"")).toList();
        long closed = frames.stream().filter(f -> f.contains("\"x\":true")).count();
        assertThat(closed).isPositive().isLessThan(frames.size());
        StreamKey key = StreamKey.kline("BTCUSDT", "1m");
        for (boolean emitAll : new boolean[] {false, true}) {
            FramePipeline pipeline = pipeline(new StreamStatus(key), emitAll);
            FrameBatch batch = new FrameBatch();
            frames.forEach(f -> batch.append(f, 1));
            EventBatch events = new EventBatch();
            pipeline.process(batch, events);
            assertThat(events.count()).isEqualTo(emitAll ? frames.size() : (int) closed);
        }
        assertThat(rejected).isEmpty();
    }
}
